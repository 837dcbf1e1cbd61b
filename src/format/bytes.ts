// A bounds-checked little-endian byte reader: a view plus free functions. Reading past the
// end throws OutOfBounds (never a silent 0 or NaN).
import { OutOfBounds } from './errors';

export interface Bytes {
  readonly view: DataView;
  readonly u8: Uint8Array;
}

export function bytesOf(u8: Uint8Array): Bytes {
  return { view: new DataView(u8.buffer, u8.byteOffset, u8.byteLength), u8 };
}

function check(b: Bytes, at: number, size: number): void {
  if (at < 0 || at + size > b.u8.byteLength) throw new OutOfBounds(at, size, b.u8.byteLength);
}

export function u8At(b: Bytes, at: number): number {
  check(b, at, 1);
  return b.view.getUint8(at);
}
export function i8At(b: Bytes, at: number): number {
  check(b, at, 1);
  return b.view.getInt8(at);
}
export function u16At(b: Bytes, at: number): number {
  check(b, at, 2);
  return b.view.getUint16(at, true);
}
export function i16At(b: Bytes, at: number): number {
  check(b, at, 2);
  return b.view.getInt16(at, true);
}
export function u32At(b: Bytes, at: number): number {
  check(b, at, 4);
  return b.view.getUint32(at, true);
}
export function i32At(b: Bytes, at: number): number {
  check(b, at, 4);
  return b.view.getInt32(at, true);
}
export function f32At(b: Bytes, at: number): number {
  check(b, at, 4);
  return b.view.getFloat32(at, true);
}
/** int64 as a double (exact up to 2^53; BigInt is ~6x slower and no counter gets that big). */
export function i64At(b: Bytes, at: number): number {
  check(b, at, 8);
  return b.view.getUint32(at, true) + b.view.getInt32(at + 4, true) * 4294967296;
}
export function u64At(b: Bytes, at: number): number {
  check(b, at, 8);
  return b.view.getUint32(at, true) + b.view.getUint32(at + 4, true) * 4294967296;
}

/** The raw bytes of a NUL-terminated char[size] field (without the NUL and what follows). */
export function cstringBytes(b: Bytes, at: number, size: number): Uint8Array {
  check(b, at, size);
  const field = b.u8.subarray(at, at + size);
  const nul = field.indexOf(0);
  return nul < 0 ? field : field.subarray(0, nul);
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Text fields are raw bytes cut at a byte limit: invalid UTF-8 becomes U+FFFD. */
export function cstringAt(b: Bytes, at: number, size: number): string {
  return utf8.decode(cstringBytes(b, at, size));
}
