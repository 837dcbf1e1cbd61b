// Layouts of the file header (struct rawheader) and the record header (struct rawrecord) in every atop raw-log format, as declared in
// atop's own headers of each release. Offsets are never written here: dsl.ts computes them
// with x86_64 natural alignment, and test/layouts.test.ts checks every member against
// test/fixtures/layouts/<version>.json. A struct that did not change is declared once.
import { arr, i32, i64, revise, struct, text, u16, u32 } from '../layout/dsl';

export const utsname_126 = struct('utsname', {
  sysname: text(65),
  nodename: text(65),
  release: text(65),
  version: text(65),
  machine: text(65),
  __domainname: text(65),
});

export const rawheader_126 = struct('rawheader', {
  magic: u32,
  aversion: u16,
  future1: u16,
  future2: u16,
  rawheadlen: u16,
  rawreclen: u16,
  hertz: u16,
  sfuture: arr(u16, 6),
  sstatlen: u32,
  pstatlen: u32,
  utsname: utsname_126,
  cfuture: text(8),
  pagesize: u32,
  supportflags: i32,
  osrel: i32,
  osvers: i32,
  ossub: i32,
  ifuture: arr(i32, 6),
});

export const rawrecord_126 = struct('rawrecord', {
  curtime: i64,
  flags: u16,
  sfuture: arr(u16, 3),
  scomplen: u32,
  pcomplen: u32,
  interval: u32,
  nlist: u32,
  npresent: u32,
  nexit: u32,
  ntrun: u32,
  ntslpi: u32,
  ntslpu: u32,
  nzombie: u32,
  ifuture: arr(u32, 6),
});

export const rawheader_21 = revise(rawheader_126, 'rawheader', {
  set: { pstatlen: null },
  insert: [{ after: 'sstatlen', members: { tstatlen: u32 } }],
});

export const rawrecord_21 = struct('rawrecord', {
  curtime: i64,
  flags: u16,
  sfuture: arr(u16, 3),
  scomplen: u32,
  pcomplen: u32,
  interval: u32,
  ndeviat: u32,
  nactproc: u32,
  ntask: u32,
  totproc: u32,
  totrun: u32,
  totslpi: u32,
  totslpu: u32,
  totzomb: u32,
  nexit: u32,
  noverflow: u32,
  ifuture: arr(u32, 6),
});

export const rawheader_28 = revise(rawheader_21, 'rawheader', {
  set: { sfuture: arr(u16, 5) },
  insert: [{ after: 'hertz', members: { pidwidth: u16 } }],
});

export const rawrecord_210 = revise(rawrecord_21, 'rawrecord', {
  set: { ifuture: arr(u32, 5) },
  insert: [{ after: 'noverflow', members: { totidle: u32 } }],
});

export const rawheader_211 = revise(rawheader_28, 'rawheader', {
  set: { ifuture: arr(i32, 5) },
  insert: [{ after: 'ossub', members: { cstatlen: i32 } }],
});

export const rawrecord_211 = revise(rawrecord_210, 'rawrecord', {
  set: { sfuture: arr(u16, 2), ifuture: u32 },
  insert: [
    { after: 'flags', members: { ncgroups: u16 } },
    { after: 'totidle', members: { ccomplen: u32, coriglen: u32, ncgpids: u32, icomplen: u32 } },
  ],
});
