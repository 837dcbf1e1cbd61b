// Interns the text fields of tasks: a process repeats in every sample, so its name and
// command line are decoded once, keyed by their raw bytes.
const utf8 = new TextDecoder('utf-8', { fatal: false });

export class StringTable {
  readonly values: string[] = [''];
  private readonly ids = new Map<string, number>([['', 0]]);

  /** Id of the NUL-terminated text in u8[start, start+size). */
  intern(u8: Uint8Array, start: number, size: number): number {
    let end = start;
    const limit = start + size;
    while (end < limit && u8[end] !== 0) end++;
    if (end === start) return 0;
    // latin1 of the raw bytes is an exact, cheap key for them
    const key = String.fromCharCode.apply(null, u8.subarray(start, end) as unknown as number[]);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(utf8.decode(u8.subarray(start, end)));
      this.ids.set(key, id);
    }
    return id;
  }
}
