// Errors are values, not thrown classes: they cross worker boundaries intact (structured
// clone drops Error subclasses) and every one says where in the file it happened.

export type FormatErrorCode =
  | 'empty-file'
  | 'not-atop' // bad magic
  | 'truncated-file-header'
  | 'unsupported-version'
  | 'header-lengths' // lengths in the file header do not match the version's layout
  | 'truncated-record-header'
  | 'bad-record-lengths' // a length in a record header cannot be right
  | 'bad-record-header' // lengths fit, but other values (time, flags, reserved bytes) cannot be right and the blobs do not inflate
  | 'resync' // bytes skipped to find the next valid record (see Gap in reader.ts)
  | 'truncated-record-data' // the record's lengths point past the end of the file
  | 'corrupt-blob' // a zlib stream does not inflate to exactly the size it must have
  | 'bad-gzip'
  | 'read-failed'
  | 'cancelled';

export interface FormatError {
  readonly code: FormatErrorCode;
  readonly message: string;
  /** Byte offset in the (decompressed) log where the problem starts. */
  readonly offset: number;
  /** 0-based index of the sample concerned, or null when it is not about a sample. */
  readonly sample: number | null;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FormatError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function fail<T = never>(
  code: FormatErrorCode,
  offset: number,
  sample: number | null,
  message: string,
): Result<T> {
  return { ok: false, error: { code, offset, sample, message } };
}

/** How every message names a sample: "Sample 3 (record at offset 15304)" (0-based `sample`). */
export function sampleAt(sample: number, offset: number): string {
  return `Sample ${sample + 1} (record at offset ${offset})`;
}

/**
 * A sample whose record is in the log but cannot be decoded: "Sample 3 (record at offset
 * 15304) is corrupt: its task blob inflates to 9120 bytes, not 9680." `what` names the blob
 * (BlobSpec.name); without it the message says only that the sample is corrupt.
 */
export function corruptSample(offset: number, sample: number, what?: string, reason?: string): FormatError {
  const detail = what === undefined ? '' : `: its ${what}${reason === undefined ? '' : ` ${reason}`}`;
  return {
    code: 'corrupt-blob',
    offset,
    sample,
    message: `${sampleAt(sample, offset)} is corrupt${detail}.`,
  };
}

/** Thrown only inside the byte reader; converted to a FormatError at the module edge. */
export class OutOfBounds extends Error {
  constructor(
    readonly at: number,
    readonly wanted: number,
    readonly available: number,
  ) {
    super(`read of ${wanted} bytes at offset ${at} runs past the ${available} bytes available`);
  }
}
