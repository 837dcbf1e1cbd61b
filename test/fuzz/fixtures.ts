// The undamaged logs the fuzz cases start from: every captured version, its record map
// (where each record and blob lies) and its decoded samples, the reference for every check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fieldsOf,
  readAllSamples,
  readLog,
  type LogContents,
  type RawRecord,
  type VersionLayout,
} from '../../src/format/index';
import { fixtureDirs } from '../helpers';

export interface RecInfo {
  readonly index: number;
  readonly offset: number;
  readonly end: number;
  readonly curtime: number;
  readonly ndeviat: number;
  readonly coriglen: number;
  readonly sOff: number;
  readonly sLen: number;
  readonly pOff: number;
  readonly pLen: number;
  readonly cOff: number;
  readonly cLen: number;
  readonly iOff: number;
  readonly iLen: number;
}

export interface FieldPos {
  readonly offset: number;
  readonly size: number;
}

export interface Fixture {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly headLen: number;
  readonly reclen: number;
  readonly sstatlen: number;
  readonly tstatlen: number;
  readonly layout: VersionLayout;
  readonly hasCgroups: boolean;
  /** ndeviat, or nlist in 1.26. */
  readonly countField: string;
  readonly headFields: ReadonlyMap<string, FieldPos>;
  readonly recFields: ReadonlyMap<string, FieldPos>;
  readonly recs: readonly RecInfo[];
  readonly raws: readonly RawRecord[];
  readonly original: LogContents;
}

export async function loadFixture(name: string, path: string): Promise<Fixture> {
  const bytes = new Uint8Array(readFileSync(path));
  const raws: RawRecord[] = [];
  let head: {
    reclen: number;
    sstatlen: number;
    tstatlen: number;
    layout: VersionLayout;
    cgroups: boolean;
  } | null = null;
  let headFields = new Map<string, FieldPos>();
  let recFields = new Map<string, FieldPos>();
  for await (const ev of readLog([bytes])) {
    if (ev.type === 'header') {
      const { header, layout } = ev.log;
      head = {
        reclen: header.rawreclen,
        sstatlen: header.sstatlen,
        tstatlen: header.tstatlen,
        layout,
        cgroups: !!layout.cstat,
      };
      headFields = new Map(fieldsOf(layout.rawheader).map((f) => [f.path, f]));
      recFields = new Map(fieldsOf(layout.rawrecord).map((f) => [f.path, f]));
    } else if (ev.type === 'record') raws.push(ev.record);
    else if (ev.error) throw new Error(`${name}: ${ev.error.message}`);
  }
  if (!head) throw new Error(`${name}: no header`);
  const reclen = head.reclen;
  const recs = raws.map((r): RecInfo => {
    const sOff = r.offset + reclen;
    const pOff = sOff + r.sblob.length;
    const cOff = pOff + r.pblob.length;
    const cLen = r.cblob?.length ?? 0;
    const iOff = cOff + cLen;
    const iLen = r.iblob?.length ?? 0;
    return {
      index: r.index,
      offset: r.offset,
      end: iOff + iLen,
      curtime: r.rec.curtime,
      ndeviat: r.rec.ndeviat,
      coriglen: r.rec.coriglen,
      sOff,
      sLen: r.sblob.length,
      pOff,
      pLen: r.pblob.length,
      cOff,
      cLen,
      iOff,
      iLen,
    };
  });
  const original = await readAllSamples([bytes]);
  if (original.error || original.samples.length !== recs.length)
    throw new Error(`${name}: does not decode cleanly`);
  return {
    name,
    bytes,
    headLen: 480,
    reclen,
    sstatlen: head.sstatlen,
    tstatlen: head.tstatlen,
    layout: head.layout,
    hasCgroups: head.cgroups && raws.some((r) => r.cblob !== null),
    countField: recFields.has('ndeviat') ? 'ndeviat' : 'nlist',
    headFields,
    recFields,
    recs,
    raws,
    original,
  };
}

/** Every fixture log: test/fixtures/atop/atop-<v> and test/fixtures/external/atoparser/<v>. */
export async function loadFixtures(): Promise<Fixture[]> {
  return Promise.all(fixtureDirs().map((d) => loadFixture(d.name, join(d.dir, 'sample.raw'))));
}
