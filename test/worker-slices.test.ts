// The engine reuses each file slice once every record before its end is consumed (chunks.ts).
// Here a released slice is also overwritten with junk before it is read into again: if
// anything still read it, the samples, the problems or the search counts would differ from a
// run that never releases a slice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogEngine } from '../src/worker/engine';
import type { LoadEvent, LogProblem } from '../src/worker/protocol';
import { fixtureDirs } from './helpers';

const poison = (b: ArrayBuffer) => {
  new Uint8Array(b).fill(0xee);
};

async function openWith(bytes: Uint8Array<ArrayBuffer>, release: ((b: ArrayBuffer) => void) | null) {
  const engine = new LogEngine({ chunkBytes: 4096, jobRecords: 3, releaseSlice: release });
  const problems: LogProblem[] = [];
  const onEvent = (e: LoadEvent) => {
    if (e.type === 'progress') problems.push(...e.problems);
  };
  const r = await engine.open(new Blob([bytes]), 'x', onEvent);
  const search = engine.search([{ negate: false, kind: 'text', test: { needle: 'a', re: null } }]);
  const rows: number[] = [];
  for (let i = 0; i < engine.samples; i++) {
    const s = await engine.getSample(i, ['gen.pid', 'gen.name']);
    rows.push(s.ok ? s.sample.count : -1);
  }
  const codes = problems.map((p) => `${p.error.code}@${p.error.offset}`).sort();
  return { r, search: search.ok ? Array.from(search.perSample) : search.message, rows, codes };
}

const damaged = (bytes: Uint8Array<ArrayBuffer>, at: number) => {
  const b = bytes.slice();
  for (let i = at; i < Math.min(b.length, at + 300); i++) b[i] = (b[i]! * 7 + 13) & 0xff;
  return b;
};

describe.each(fixtureDirs().filter((f) => f.name.startsWith('atop-')))('$name', ({ dir }) => {
  const bytes = new Uint8Array(readFileSync(join(dir, 'sample.raw')));
  it('reads the same with slices released early, intact and damaged', async () => {
    for (const b of [bytes, damaged(bytes, bytes.length >> 1), damaged(bytes, bytes.length >> 2)]) {
      const keep = await openWith(b, null);
      const freed = await openWith(b, poison);
      expect(freed).toEqual(keep);
    }
  });
});
