// The 480-byte file header: magic, format version, and the lengths every record relies on
// (docs/atop-format.md §2.1).
import { bytesOf, u16At, u32At } from './bytes';
import { fail, ok, type Result } from './errors';
import type { VersionLayout } from './layout/dsl';
import { readStruct } from './struct-read';
import { fieldsOf, layoutForAversion, SUPPORTED_VERSIONS, versionName } from './version';

export const ATOP_MAGIC = 0xfeedbeef;
/** Every atop version writes a 480-byte header; the real length is checked against the layout. */
export const FILE_HEADER_SIZE = 480;

export interface FileHeader {
  readonly version: string;
  readonly aversion: number;
  readonly rawheadlen: number;
  readonly rawreclen: number;
  readonly hertz: number;
  readonly pidwidth: number;
  readonly sstatlen: number;
  readonly tstatlen: number;
  readonly cstatlen: number;
  readonly pagesize: number;
  readonly supportflags: number;
  readonly osrel: number;
  readonly osvers: number;
  readonly ossub: number;
  readonly sysname: string;
  readonly nodename: string;
  readonly release: string;
  readonly kernelVersion: string;
  readonly machine: string;
  readonly domainname: string;
}

const hex = (n: number, w = 4) => '0x' + n.toString(16).padStart(w, '0');

export function parseFileHeader(u8: Uint8Array): Result<{ header: FileHeader; layout: VersionLayout }> {
  const b = bytesOf(u8);
  if (u8.length === 0)
    return fail('empty-file', 0, null, 'The file is empty (0 bytes): not an atop raw log.');
  if (u8.length >= 2 && u8[0] === 0x1f && u8[1] === 0x8b)
    return fail('bad-gzip', 0, null, 'The file is gzip-compressed and could not be decompressed.');
  if (u8.length < 4)
    return fail(
      'truncated-file-header',
      0,
      null,
      `The file has only ${u8.length} bytes; an atop header has 480.`,
    );
  const magic = u32At(b, 0);
  if (magic !== ATOP_MAGIC)
    return fail(
      'not-atop',
      0,
      null,
      `Not an atop raw log: magic number ${hex(magic, 8)} at offset 0, expected ${hex(ATOP_MAGIC, 8)}.`,
    );
  const aversion = u8.length >= 6 ? u16At(b, 4) : null;
  if (u8.length < FILE_HEADER_SIZE) {
    const which = aversion === null ? '' : ` (format ${versionName(aversion)}, aversion ${hex(aversion)})`;
    return fail(
      'truncated-file-header',
      0,
      null,
      `Incomplete file header${which}: only ${u8.length} of its ${FILE_HEADER_SIZE} bytes are present.`,
    );
  }
  const av = aversion!;
  const layout = (av & 0x8000) !== 0 ? layoutForAversion(av) : null;
  if (!layout)
    return fail(
      'unsupported-version',
      4,
      null,
      `Unsupported atop format ${versionName(av)} (aversion ${hex(av)}); supported: ${SUPPORTED_VERSIONS.join(', ')}.`,
    );
  const { num, text } = readStruct(b, fieldsOf(layout.rawheader));
  const n = (k: string) => num[k] ?? 0;
  const t = (k: string) => text[k] ?? '';
  const header: FileHeader = {
    version: layout.version,
    aversion: av,
    rawheadlen: n('rawheadlen'),
    rawreclen: n('rawreclen'),
    hertz: n('hertz'),
    pidwidth: n('pidwidth'),
    sstatlen: n('sstatlen'),
    // 1.26 calls the task length pstatlen; same offset
    tstatlen: num.tstatlen ?? n('pstatlen'),
    cstatlen: n('cstatlen'),
    pagesize: n('pagesize'),
    supportflags: n('supportflags'),
    osrel: n('osrel'),
    osvers: n('osvers'),
    ossub: n('ossub'),
    sysname: t('utsname.sysname'),
    nodename: t('utsname.nodename'),
    release: t('utsname.release'),
    kernelVersion: t('utsname.version'),
    machine: t('utsname.machine'),
    domainname: t('utsname.__domainname'),
  };
  const expected: [string, number, number][] = [
    ['rawheadlen', header.rawheadlen, layout.rawheader.size],
    ['rawreclen', header.rawreclen, layout.rawrecord.size],
    ['sstatlen', header.sstatlen, layout.sstat.size],
    ['tstatlen', header.tstatlen, layout.tstat.size],
  ];
  if (layout.cstat) expected.push(['cstatlen', header.cstatlen, layout.cstat.size]);
  const wrong = expected.filter(([, got, want]) => got !== want);
  if (wrong.length > 0)
    return fail(
      'header-lengths',
      10,
      null,
      `Header of format ${layout.version} has lengths that do not fit that version: ` +
        wrong.map(([k, got, want]) => `${k} ${got} (expected ${want})`).join(', ') +
        '. The file may come from a 32-bit or patched atop.',
    );
  return ok({ header, layout });
}
