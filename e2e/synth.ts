// Builds large atop logs for the scale tests from the real 2.13 capture: its file header, one
// system blob, and task entries cloned with new pids, CPU ticks and command lines, in valid
// records (every length and checksum right), so the app reads them like any atop log.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { fieldsOf, layoutForVersion } from '../src/format/index';
import { FIXTURES } from './helpers';

const SOURCE = join(FIXTURES, 'atop', 'atop-2.13', 'sample.raw');
const RECLEN = 96;

export interface Synth {
  readonly path: string;
  readonly samples: number;
  readonly tasks: number;
  readonly bytes: number;
}

interface SourceRecord {
  readonly head: Buffer;
  readonly sblob: Buffer;
  readonly tasks: Buffer;
  readonly ndeviat: number;
}

function sourceRecord(u8: Buffer, index: number): SourceRecord {
  let at = 480;
  for (let i = 0; ; i++) {
    const head = u8.subarray(at, at + RECLEN);
    const s = head.readUInt32LE(16);
    const p = head.readUInt32LE(20);
    const c = head.readUInt32LE(72);
    const ic = head.readUInt32LE(84);
    if (i === index) {
      const sblob = u8.subarray(at + RECLEN, at + RECLEN + s);
      const tasks = inflateSync(u8.subarray(at + RECLEN + s, at + RECLEN + s + p));
      return { head: Buffer.from(head), sblob, tasks, ndeviat: head.readUInt32LE(28) };
    }
    at += RECLEN + s + p + (c > 0 ? c + ic : 0);
  }
}

/** A 2.13 log of `samples` samples with `tasks` processes each, cached in the OS temp dir. */
export function synthLog(samples: number, tasks: number): Synth {
  const dir = join(tmpdir(), 'atopview-e2e');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `synth-2.13-${samples}x${tasks}.raw`);
  if (!existsSync(path)) {
    const src = readFileSync(SOURCE);
    const layout = layoutForVersion('2.13')!;
    const size = layout.tstat.size;
    const off = new Map(fieldsOf(layout.tstat).map((f) => [f.path, f]));
    const at = (p: string) => off.get(p)!.offset;
    const rec = sourceRecord(src, 1);
    // template: the live processes of the sample (no threads, not exited)
    const templates: Buffer[] = [];
    for (let k = 0; k < rec.ndeviat; k++) {
      const e = rec.tasks.subarray(k * size, (k + 1) * size);
      if (e[at('gen.isproc')] === 1 && e[at('gen.state')] !== 69) templates.push(e);
    }
    const cmd = off.get('gen.cmdline')!;
    const parts: Buffer[] = [src.subarray(0, 480)];
    const t0 = rec.head.readUInt32LE(0);
    for (let s = 0; s < samples; s++) {
      const body = Buffer.alloc(tasks * size);
      for (let k = 0; k < tasks; k++) {
        const e = body.subarray(k * size, (k + 1) * size);
        templates[k % templates.length]!.copy(e);
        const pid = 1000 + k;
        e.writeInt32LE(pid, at('gen.tgid'));
        e.writeInt32LE(pid, at('gen.pid'));
        e.writeBigInt64LE(BigInt((k * 7 + s * 13) % 211), at('cpu.utime'));
        e.writeBigInt64LE(BigInt((k * 3 + s) % 17), at('cpu.stime'));
        e.writeBigInt64LE(BigInt(1024 + ((k * 97) % 500_000)), at('mem.rmem'));
        e.fill(0, cmd.offset, cmd.offset + cmd.size);
        e.write(`synthetic-worker --id=${k} --shard=${k % 64}`, cmd.offset, 'latin1');
      }
      const pblob = deflateSync(body, { level: 1 });
      const head = Buffer.from(rec.head);
      head.writeBigInt64LE(BigInt(t0 + s * 10), 0);
      head.writeUInt16LE(s === 0 ? 0x31 : 0x30, 8); // RRBOOT on the first; no cgroup sections
      head.writeUInt16LE(0, 10);
      head.writeUInt32LE(rec.sblob.length, 16);
      head.writeUInt32LE(pblob.length, 20);
      head.writeUInt32LE(10, 24);
      head.writeUInt32LE(tasks, 28); // ndeviat
      head.writeUInt32LE(tasks, 32); // nactproc
      head.writeUInt32LE(tasks, 36); // ntask
      head.writeUInt32LE(tasks, 40); // totproc
      for (const o of [72, 76, 80, 84]) head.writeUInt32LE(0, o);
      parts.push(head, rec.sblob, pblob);
    }
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat(parts));
    renameSync(tmp, path);
  }
  return { path, samples, tasks, bytes: statSync(path).size };
}
