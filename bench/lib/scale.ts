// Scales a recorded atop log to any number of samples: the first (since-boot) record once,
// then the other records over and over, each with curtime rewritten to be strictly
// increasing (one `step` apart) and interval set to `step`. The blobs are copied untouched,
// so the result is as valid as the recording: `atop -r` reads it.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { chunksOf, readLog, recordBodyLength, RRBOOT, type OpenedLog } from '../../src/format/index';

export interface RecordedLog {
  readonly bytes: Uint8Array;
  readonly headerLen: number;
  /** [start, end) of each record (header + blobs) in `bytes`. */
  readonly records: readonly (readonly [number, number])[];
  readonly firstCurtime: number;
}

export async function loadRecorded(path: string): Promise<RecordedLog> {
  const bytes = readFileSync(path);
  const records: [number, number][] = [];
  let headerLen = 0;
  let firstCurtime = 0;
  let log: OpenedLog | null = null;
  for await (const ev of readLog(chunksOf(bytes, 1 << 20), { totalSize: bytes.length })) {
    if (ev.type === 'header') {
      headerLen = ev.log.header.rawheadlen;
      log = ev.log;
    } else if (ev.type === 'record') {
      if (records.length === 0) firstCurtime = ev.record.rec.curtime;
      const { header, layout } = log!;
      const end = ev.record.offset + header.rawreclen + recordBodyLength(ev.record.rec, header, layout);
      records.push([ev.record.offset, end]);
    } else if (ev.error) throw new Error(`${path}: ${ev.error.message}`);
  }
  if (records.length < 2)
    throw new Error(`${path}: need at least 2 records to scale, found ${records.length}`);
  return { bytes, headerLen, records, firstCurtime };
}

/** Writes `samples` records to `out`; returns the file size. */
export function writeScaled(src: RecordedLog, out: string, samples: number, step = 60): number {
  const fd = openSync(out, 'w');
  let size = 0;
  const put = (u8: Uint8Array) => {
    let at = 0;
    while (at < u8.length) at += writeSync(fd, u8, at);
    size += u8.length;
  };
  try {
    put(src.bytes.subarray(0, src.headerLen));
    const cycle = src.records.length - 1;
    const BATCH = 8 << 20;
    let batch = new Uint8Array(BATCH);
    let used = 0;
    for (let i = 0; i < samples; i++) {
      const [s, e] = i === 0 ? src.records[0]! : src.records[1 + ((i - 1) % cycle)]!;
      const len = e - s;
      if (used + len > batch.length) {
        put(batch.subarray(0, used));
        used = 0;
        if (len > batch.length) batch = new Uint8Array(len);
      }
      batch.set(src.bytes.subarray(s, e), used);
      const v = new DataView(batch.buffer, used, len);
      const t = src.firstCurtime + i * step;
      v.setUint32(0, t % 2 ** 32, true);
      v.setUint32(4, Math.floor(t / 2 ** 32), true);
      if (i > 0) {
        v.setUint16(8, v.getUint16(8, true) & ~RRBOOT, true);
        v.setUint32(24, step, true);
      }
      used += len;
    }
    put(batch.subarray(0, used));
  } finally {
    closeSync(fd);
  }
  return size;
}

/** Mean bytes per repeated (non-boot) record. */
export function meanRecordBytes(src: RecordedLog): number {
  let sum = 0;
  for (let i = 1; i < src.records.length; i++) sum += src.records[i]![1] - src.records[i]![0];
  return sum / (src.records.length - 1);
}
