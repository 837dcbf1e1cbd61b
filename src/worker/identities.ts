// A task row as the whole-log search sees it: (name, command line, pid, tgid, state, real and
// effective user, parent pid). A
// server's samples repeat the same few thousand of these for hours, so the search keeps each
// distinct one once (this table) and every sample as a sorted list of identity ids, stored as
// the difference to the sample before it (search-index.ts). Open addressing over typed
// columns: no object per identity, no string keys.

import type { IdentityColumns } from './protocol';

function grow<T extends Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(a: T, n: number): T {
  const g = new (a.constructor as new (n: number) => T)(n);
  g.set(a);
  return g;
}

function mix(h: number, w: number): number {
  h = Math.imul(h ^ w, 0x9e3779b1);
  return h ^ (h >>> 15);
}

function hash8(
  a: number,
  b: number,
  c: number,
  d: number,
  e: number,
  f: number,
  g: number,
  h: number,
): number {
  return mix(mix(mix(mix(mix(mix(mix(mix(0x2545f491, a), b), c), d), e), f), g), h);
}

export class IdentityTable {
  size = 0;
  name = new Int32Array(1024);
  cmd = new Int32Array(1024);
  pid = new Int32Array(1024);
  tgid = new Int32Array(1024);
  state = new Uint8Array(1024);
  /** Real and effective user, parent pid (what `user:` and `ppid:` search). */
  ruid = new Int32Array(1024);
  euid = new Int32Array(1024);
  ppid = new Int32Array(1024);
  /** Open addressing: id + 1, or 0 for an empty slot. */
  private slots = new Int32Array(2048);

  intern(
    name: number,
    cmd: number,
    pid: number,
    tgid: number,
    state: number,
    ruid: number,
    euid: number,
    ppid: number,
  ): number {
    const mask = this.slots.length - 1;
    for (let s = hash8(name, cmd, pid, tgid, state, ruid, euid, ppid) & mask; ; s = (s + 1) & mask) {
      const v = this.slots[s]!;
      if (v === 0) return this.add(s, name, cmd, pid, tgid, state, ruid, euid, ppid);
      const id = v - 1;
      if (
        this.pid[id] === pid &&
        this.name[id] === name &&
        this.cmd[id] === cmd &&
        this.tgid[id] === tgid &&
        this.state[id] === state &&
        this.ruid[id] === ruid &&
        this.euid[id] === euid &&
        this.ppid[id] === ppid
      )
        return id;
    }
  }

  /** Copies of the entries from `from` on. */
  since(from: number): IdentityColumns {
    const to = this.size;
    return {
      from,
      name: this.name.slice(from, to),
      cmd: this.cmd.slice(from, to),
      pid: this.pid.slice(from, to),
      tgid: this.tgid.slice(from, to),
      state: this.state.slice(from, to),
      ruid: this.ruid.slice(from, to),
      euid: this.euid.slice(from, to),
      ppid: this.ppid.slice(from, to),
    };
  }

  /** Bytes held (columns and slots). */
  get bytes(): number {
    return this.name.length * 29 + this.slots.length * 4;
  }

  private add(
    slot: number,
    name: number,
    cmd: number,
    pid: number,
    tgid: number,
    state: number,
    ruid: number,
    euid: number,
    ppid: number,
  ): number {
    const id = this.size++;
    if (id >= this.name.length) {
      const n = this.name.length * 2;
      this.name = grow(this.name, n);
      this.cmd = grow(this.cmd, n);
      this.pid = grow(this.pid, n);
      this.tgid = grow(this.tgid, n);
      this.state = grow(this.state, n);
      this.ruid = grow(this.ruid, n);
      this.euid = grow(this.euid, n);
      this.ppid = grow(this.ppid, n);
    }
    this.name[id] = name;
    this.cmd[id] = cmd;
    this.pid[id] = pid;
    this.tgid[id] = tgid;
    this.state[id] = state;
    this.ruid[id] = ruid;
    this.euid[id] = euid;
    this.ppid[id] = ppid;
    this.slots[slot] = id + 1;
    // keep the load under 1/2
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let s =
        hash8(
          this.name[id]!,
          this.cmd[id]!,
          this.pid[id]!,
          this.tgid[id]!,
          this.state[id]!,
          this.ruid[id]!,
          this.euid[id]!,
          this.ppid[id]!,
        ) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = id + 1;
    }
    this.slots = slots;
  }
}

/**
 * The multiset difference of two sorted id lists: ids in `next` but not in `prev` go to
 * `added`, ids in `prev` but not in `next` to `removed` (each at least as long as its list).
 * Returns [added, removed] counts.
 */
export function diffSorted(
  prev: Int32Array,
  prevLen: number,
  next: Int32Array,
  nextLen: number,
  added: Int32Array,
  removed: Int32Array,
): [number, number] {
  let i = 0;
  let j = 0;
  let a = 0;
  let r = 0;
  while (i < prevLen && j < nextLen) {
    const p = prev[i]!;
    const n = next[j]!;
    if (p < n) {
      removed[r++] = p;
      i++;
    } else if (n < p) {
      added[a++] = n;
      j++;
    } else {
      i++;
      j++;
    }
  }
  while (i < prevLen) removed[r++] = prev[i++]!;
  while (j < nextLen) added[a++] = next[j++]!;
  return [a, r];
}
