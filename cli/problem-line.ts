import type { FormatError } from '../src/format/index';

/** One stderr line per problem: code, byte offset and sample, then the message. */
export function problemLine(e: FormatError): string {
  const where =
    `byte offset ${e.offset}` + (e.sample === null ? '' : `, sample ${e.sample + 1} (index ${e.sample})`);
  return `atopview: ${e.code} at ${where}: ${e.message}`;
}
