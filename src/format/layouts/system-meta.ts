// What the layouts alone do not say about the system part of each format version: which
// per-device arrays of struct sstat exist and which member counts the entries in use, and
// which record-header members hold atop's PRC counts. Declared per version like the
// layouts themselves (versions that did not change share a table); code never asks which
// version it reads. test/system-meta.test.ts checks that every array of structs in every
// sstat layout has exactly one count here and that every member named here exists.

export interface SystemMeta {
  /** Per-device array of struct sstat (dotted path) → the member with its entries in use. */
  readonly arrays: Readonly<Record<string, string>>;
  /** atop's PRC line from the record header, by this version's member names. */
  readonly prc: PrcMembers;
}

export interface PrcMembers {
  /** Processes counted by the record (see `countsExited`). */
  readonly procs: string;
  /**
   * Whether `procs` includes the processes that exited in the interval: atop's "#proc" is
   * then procs − exits (showsys.c sysprt_PRCNPROC: `as->nproc - as->nexit`; 2.3 and later
   * write totproc = live + exited, 2.1/2.2 the live processes only, 1.26 npresent).
   */
  readonly countsExited: boolean;
  readonly running: string;
  readonly sleeping: string;
  /** Threads in uninterruptible sleep (state D): atop's #tslpu. */
  readonly dsleep: string;
  readonly zombies: string;
  readonly exits: string;
  /** Exited processes that could not be read (atop marks #exit with '>'). */
  readonly overflow?: string;
  /** Threads in state I (idle kernel threads), 2.10 and later. */
  readonly idle?: string;
}

const ARRAYS_126 = {
  'cpu.cpu': 'cpu.nrcpu',
  'intf.intf': 'intf.nrintf',
  'dsk.dsk': 'dsk.ndsk',
  'dsk.mdd': 'dsk.nmdd',
  'dsk.lvm': 'dsk.nlvm',
};

const ARRAYS_22 = {
  ...ARRAYS_126,
  'nfs.nfsmounts.nfsmnt': 'nfs.nfsmounts.nrmounts',
  'cfs.cont': 'cfs.nrcontainer',
};

const ARRAYS_24 = { ...ARRAYS_22, 'gpu.gpu': 'gpu.nrgpus', 'ifb.ifb': 'ifb.nrports' };

const ARRAYS_27 = { ...ARRAYS_24, 'memnuma.numa': 'memnuma.nrnuma', 'cpunuma.numa': 'cpunuma.nrnuma' };

const ARRAYS_28 = { ...ARRAYS_27, 'llc.perllc': 'llc.nrllcs' };

/** 2.13 keeps per-CPU entries at the index of the CPU number, offline CPUs included. */
const ARRAYS_213 = { ...ARRAYS_28, 'cpu.cpu': 'cpu.maxcpu' };

const PRC_126: PrcMembers = {
  procs: 'npresent',
  countsExited: false,
  running: 'ntrun',
  sleeping: 'ntslpi',
  dsleep: 'ntslpu',
  zombies: 'nzombie',
  exits: 'nexit',
};

const PRC_21: PrcMembers = {
  procs: 'totproc',
  countsExited: false,
  running: 'totrun',
  sleeping: 'totslpi',
  dsleep: 'totslpu',
  zombies: 'totzomb',
  exits: 'nexit',
  overflow: 'noverflow',
};

const PRC_23: PrcMembers = { ...PRC_21, countsExited: true };

const PRC_210: PrcMembers = { ...PRC_23, idle: 'totidle' };

export const SYSTEM_META: Readonly<Record<string, SystemMeta>> = {
  '1.26': { arrays: ARRAYS_126, prc: PRC_126 },
  '2.1': { arrays: ARRAYS_126, prc: PRC_21 },
  '2.2': { arrays: ARRAYS_22, prc: PRC_21 },
  '2.3': { arrays: ARRAYS_22, prc: PRC_23 },
  '2.4': { arrays: ARRAYS_24, prc: PRC_23 },
  '2.5': { arrays: ARRAYS_24, prc: PRC_23 },
  '2.6': { arrays: ARRAYS_24, prc: PRC_23 },
  '2.7': { arrays: ARRAYS_27, prc: PRC_23 },
  '2.8': { arrays: ARRAYS_28, prc: PRC_23 },
  '2.9': { arrays: ARRAYS_28, prc: PRC_23 },
  '2.10': { arrays: ARRAYS_28, prc: PRC_210 },
  '2.11': { arrays: ARRAYS_28, prc: PRC_210 },
  '2.12': { arrays: ARRAYS_28, prc: PRC_210 },
  '2.13': { arrays: ARRAYS_213, prc: PRC_210 },
};
