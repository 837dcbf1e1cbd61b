// `npx tsx bench/export-levers.ts [FILE] [--samples N] [--runs N]`: where the text export's
// time goes, lever by lever, on the first N samples of a log held in memory (no parsing, no
// I/O in the figures): the reference writers (a string per cell and per line, then UTF-8 on
// write) against the byte encoder (cli/text/encode.ts), for jsonl and csv. Prints ns per row
// and MB/s of output. The end-to-end figures (threads, writes) are in `npm run bench -- --export`.
import { leverInput } from './lib/lever-input';
import { taskRecordShape } from '../cli/task-record';
import { csvWriter, jsonlWriter } from '../cli/writers';
import { ByteSink } from '../cli/text/bytes';
import { TaskTextEncoder, type TextFormat } from '../cli/text/encode';

const { runs, log, samples, rows, fields } = await leverInput(150);
const shape = taskRecordShape(fields, log.strings);
process.stderr.write(`${samples.length} samples, ${rows} rows, ${fields.length} tstat fields\n`);

const FLUSH_AT = 1 << 16;

function reference(format: TextFormat): number {
  const w = format === 'csv' ? csvWriter(shape) : jsonlWriter(shape);
  let out = 0;
  let buf = w.header() ?? '';
  for (const s of samples)
    for (let r = 0; r < s.tasks.count; r++) {
      buf += w.line(shape.cells(s, r));
      if (buf.length > FLUSH_AT) {
        out += Buffer.from(buf, 'utf8').length; // what the stream does on write
        buf = '';
      }
    }
  return out + Buffer.from(buf, 'utf8').length;
}

function cellsOnly(): number {
  let n = 0;
  for (const s of samples) for (let r = 0; r < s.tasks.count; r++) n += shape.cells(s, r).length;
  return n;
}

function encoder(format: TextFormat): number {
  const enc = new TaskTextEncoder(fields, log.strings, format);
  const sink = new ByteSink(4 << 20);
  let out = TaskTextEncoder.header(shape.keys, format)?.length ?? 0;
  for (const s of samples) {
    enc.encodeSample(s, sink);
    out += sink.pos;
    sink.pos = 0;
  }
  return out;
}

function time(label: string, f: () => number): void {
  const ms: number[] = [];
  let size = 0;
  for (let i = 0; i < runs; i++) {
    // CPU time of this process: the machine is shared, wall time counts other people's work
    const c0 = process.cpuUsage();
    size = f();
    const c = process.cpuUsage(c0);
    ms.push((c.user + c.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  const m = ms[Math.floor(ms.length / 2)]!;
  process.stdout.write(
    `${label.padEnd(44)} ${((m * 1e6) / rows).toFixed(0).padStart(6)} ns/row  ${m.toFixed(0).padStart(6)} ms CPU` +
      (size > 100 ? `  ${(size / 1e6).toFixed(0)} MB, ${(size / 1e3 / m).toFixed(0)} MB/s` : '') +
      '\n',
  );
}

time('cells() only (the reference row objects)', cellsOnly);
const args = process.argv.slice(2);
const only = args.includes('--csv') ? ['csv'] : args.includes('--jsonl') ? ['jsonl'] : ['jsonl', 'csv'];
for (const format of only as TextFormat[]) {
  time(`${format}: reference writer + UTF-8 encode`, () => reference(format));
  time(`${format}: byte encoder`, () => encoder(format));
}
