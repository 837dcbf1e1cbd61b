// Pool worker entry: summarises runs of records for the reading worker (summarize.ts).
import { expose, transfer } from 'comlink';
import { buffersOf } from './buffers';
import type { SummaryWorkerApi } from './protocol';
import { chunkArrays } from './process-chunk';
import { seriesArrays } from './series-stream';
import { Summarizer } from './summarize';

let summarizer: Summarizer | null = null;

const api: SummaryWorkerApi = {
  init(header) {
    // a host's next file: the search tables go on (summarize.ts)
    if (summarizer) summarizer.setHeader(header);
    else summarizer = new Summarizer(header);
  },
  run(job) {
    if (!summarizer) throw new Error('pool worker used before init');
    const r = summarizer.run(job);
    const s = r.search;
    const i = s.identities;
    // the job's blob buffer goes back to the reading worker for its next job
    const spent = r.spent ? [r.spent] : [];
    return transfer(
      r,
      buffersOf([
        r.values,
        ...spent,
        s.rows,
        s.plus,
        s.minus,
        s.ids,
        i.name,
        i.cmd,
        i.pid,
        i.tgid,
        i.state,
        i.ruid,
        i.euid,
        i.ppid,
        ...chunkArrays(r.processes),
        ...seriesArrays([r.series]),
      ]),
    );
  },
};

expose(api);
