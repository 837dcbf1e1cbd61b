// One stderr line per problem of a log: what, where (byte offset, sample).
import type { FormatError } from '../src/format/index';

export function problemLine(e: FormatError): string {
  const where =
    `byte offset ${e.offset}` + (e.sample === null ? '' : `, sample ${e.sample + 1} (index ${e.sample})`);
  return `atopview: ${e.code} at ${where}: ${e.message}`;
}
