// The declarations beside the layouts (layouts/system-meta.ts) and the compiled sstat plan
// against atop-layouts/<version>.json: every member of struct sstat is in the plan at its
// offset under its dotted path (reserved *future* members excepted), every array of structs
// has exactly one declared count member, and the PRC members exist in the record header.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldsOf, SUPPORTED_VERSIONS, layoutForVersion, sstatPlan, SYSTEM_META } from '../src/format/index';
import { FIXTURES } from './helpers';

interface JsonMember {
  path: string;
  offset: number;
  type: string;
}

const sstatMembers = (v: string): JsonMember[] =>
  (
    JSON.parse(readFileSync(join(FIXTURES, 'layouts', `${v}.json`), 'utf8')) as {
      structs: { sstat: { members: JsonMember[] } };
    }
  ).structs.sstat.members;

const isLeaf = (t: string) => /^(u?int(8|16|32|64)|float32|char|char\[\d+\])$/.test(t);
const reserved = (path: string) => path.split('.').some((p) => p.includes('future'));

describe('sstat plan and system metadata', () => {
  it('covers exactly the supported versions', () => {
    expect(Object.keys(SYSTEM_META).sort()).toEqual([...SUPPORTED_VERSIONS].sort());
  });

  for (const v of SUPPORTED_VERSIONS) {
    it(`${v}: every member at its offset, every array of structs counted`, () => {
      const layout = layoutForVersion(v)!;
      const plan = sstatPlan(layout.sstat);
      const json = sstatMembers(v);
      const structArrays = json.filter((m) => /^struct .*\[\d+\]$/.test(m.type) && !m.path.includes('['));
      expect(Object.keys(SYSTEM_META[v]!.arrays).sort()).toEqual(structArrays.map((m) => m.path).sort());
      expect(plan.arrays.map((a) => a.path)).toEqual(structArrays.map((m) => m.path));

      const top = json.filter((m) => !m.path.includes('[') && isLeaf(m.type) && !reserved(m.path));
      expect(plan.leaves.map((l) => [l.path, l.offset])).toEqual(top.map((m) => [m.path, m.offset]));
      for (const a of plan.arrays) {
        expect(a.count.kind).toBe('scalar');
        expect(a.count.path).toBe(SYSTEM_META[v]!.arrays[a.path]);
        const prefix = `${a.path}[0].`;
        const inner = json.filter((m) => m.path.startsWith(prefix) && isLeaf(m.type) && !reserved(m.path));
        expect(a.fields.map((f) => [f.path, f.offset])).toEqual(
          inner.map((m) => [m.path.slice(prefix.length), m.offset - a.offset]),
        );
      }

      const rec = new Set(fieldsOf(layout.rawrecord).map((f) => f.path));
      const prc = SYSTEM_META[v]!.prc;
      for (const m of [
        prc.procs,
        prc.running,
        prc.sleeping,
        prc.dsleep,
        prc.zombies,
        prc.exits,
        prc.overflow,
        prc.idle,
      ])
        if (m !== undefined) expect(rec.has(m), `record member ${m}`).toBe(true);
    });
  }

  it('versions that share struct sstat share its plan', () => {
    for (const a of SUPPORTED_VERSIONS)
      for (const b of SUPPORTED_VERSIONS) {
        const la = layoutForVersion(a)!;
        const lb = layoutForVersion(b)!;
        if (la.sstat === lb.sstat) expect(SYSTEM_META[a]!.arrays).toEqual(SYSTEM_META[b]!.arrays);
      }
  });
});
