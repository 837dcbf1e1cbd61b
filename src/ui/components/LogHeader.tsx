// The host's logs as a list of facts: files, host, kernel, format, CPUs, memory, samples and
// time range of all files together; samples present in two files are counted once and said so.
import type { LogInfo } from '../../worker/protocol';
import {
  fmtBytes,
  fmtDate,
  fmtDateTime,
  fmtFileSize,
  fmtTime,
  zoneLabel,
  type TimeZoneMode,
} from '../format';
import type { SampleIndex } from '../session';
import { NO_ZONE_NOTE } from './TimeZoneSelect';

interface Props {
  /** The first readable file's header. */
  readonly info: LogInfo;
  /** Every file's header (null: not read, or not an atop log). */
  readonly files: readonly (LogInfo | null)[];
  readonly fileNames: readonly string[];
  readonly duplicates: number;
  readonly index: SampleIndex;
  readonly samples: number;
  readonly tz: TimeZoneMode;
}

export function LogHeader(p: Props) {
  const { info, index, samples } = p;
  const first = samples > 0 ? index.get('curtime', 0) : 0;
  const last = samples > 0 ? index.get('curtime', samples - 1) : 0;
  const nrcpu = samples > 0 ? index.get('nrcpu', samples - 1) : 0;
  const mem = samples > 0 ? index.get('memTotal', samples - 1) : 0;
  const read = p.files.filter((f): f is LogInfo => f !== null);
  const several = p.fileNames.length > 1;
  const versions = [...new Set(read.map((f) => f.version))];
  const bytes = read.reduce((n, f) => n + f.fileSize, 0);
  const fileList = p.fileNames
    .map((n, i) => {
      const f = p.files[i];
      return f ? `${n} (atop ${f.version}${f.gzip ? ', gzip' : ''})` : `${n} (not read)`;
    })
    .join('\n');
  const items: [string, string, string?][] = [
    several
      ? ['Files', `${p.fileNames.length} files`, `${fmtFileSize(bytes)}\n${fileList}`]
      : ['File', info.fileName, `${fmtFileSize(info.fileSize)}${info.gzip ? ', gzip' : ''}`],
    ['Host', info.host || '(none)'],
    ['Kernel', `${info.sysname} ${info.release}`.trim(), `${info.kernelVersion} ${info.machine}`.trim()],
    ['atop format', versions.join(', '), `aversion 0x${info.aversion.toString(16)}`],
    ['Hertz', String(info.hertz)],
    ['Page size', String(info.pagesize)],
    ['CPUs', nrcpu ? String(nrcpu) : '–'],
    ['Memory', mem ? fmtBytes(mem) : '–'],
    ['Samples', String(samples)],
    [
      'Time range',
      samples > 0
        ? `${fmtDateTime(first, p.tz)} – ${fmtDate(first, p.tz) === fmtDate(last, p.tz) ? fmtTime(last, p.tz) : fmtDateTime(last, p.tz)}`
        : '–',
      samples > 0 ? `${zoneLabel(p.tz, first)}. ${NO_ZONE_NOTE}` : undefined,
    ],
  ];
  if (p.duplicates > 0)
    items.push([
      'Duplicates',
      `${p.duplicates} sample${p.duplicates === 1 ? '' : 's'} in two files, shown once`,
      'These samples (same time) are in more than one of the files: overlapping or copied logs. Each is shown once, from the file that starts first.',
    ]);
  return (
    <dl className="log-header" aria-label="Log header">
      {items.map(([k, v, title]) => (
        <div key={k} className="kv" data-key={k}>
          <dt>{k}</dt>
          <dd title={title}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
