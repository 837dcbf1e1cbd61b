// Layouts of one cgroup entry (struct cstat, 2.11+) in every atop raw-log format, as declared in
// atop's own headers of each release. Offsets are never written here: dsl.ts computes them
// with x86_64 natural alignment, and test/layouts.test.ts checks every member against
// test/fixtures/layouts/<version>.json. A struct that did not change is declared once.
import { arr, flex, i32, i64, struct } from '../layout/dsl';

export const cggen_211 = struct('cggen_211', {
  structlen: i32,
  sequence: i32,
  parentseq: i32,
  depth: i32,
  nprocs: i32,
  procsbelow: i32,
  namelen: i32,
  fullnamelen: i32,
  ifuture: arr(i32, 4),
  namehash: i64,
  lfuture: arr(i64, 4),
});

export const cgconf_211 = struct('cgconf_211', {
  cpuweight: i32,
  cpumax: i32,
  memmax: i64,
  swpmax: i64,
  dskweight: i32,
  ifuture: arr(i32, 5),
  cfuture: arr(i64, 5),
});

export const cgcpu_211 = struct('cgcpu_211', {
  utime: i64,
  stime: i64,
  somepres: i64,
  fullpres: i64,
  cfuture: arr(i64, 5),
});

export const cgmem_211 = struct('cgmem_211', {
  current: i64,
  anon: i64,
  file: i64,
  kernel: i64,
  shmem: i64,
  somepres: i64,
  fullpres: i64,
  cfuture: arr(i64, 5),
});

export const cgdsk_211 = struct('cgdsk_211', {
  rbytes: i64,
  wbytes: i64,
  rios: i64,
  wios: i64,
  somepres: i64,
  fullpres: i64,
  cfuture: arr(i64, 5),
});

export const cstat_211 = struct('cstat_211', {
  gen: cggen_211,
  conf: cgconf_211,
  cpu: cgcpu_211,
  mem: cgmem_211,
  dsk: cgdsk_211,
  cgname: flex,
});
