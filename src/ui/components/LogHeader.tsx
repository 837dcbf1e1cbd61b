// The log's header as a list of facts: file, host, kernel, format, CPUs, memory, time range.
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

export function LogHeader(p: { info: LogInfo; index: SampleIndex; samples: number; tz: TimeZoneMode }) {
  const { info, index, samples } = p;
  const first = samples > 0 ? index.get('curtime', 0) : 0;
  const last = samples > 0 ? index.get('curtime', samples - 1) : 0;
  const nrcpu = samples > 0 ? index.get('nrcpu', samples - 1) : 0;
  const mem = samples > 0 ? index.get('memTotal', samples - 1) : 0;
  const items: [string, string, string?][] = [
    ['File', info.fileName, `${fmtFileSize(info.fileSize)}${info.gzip ? ', gzip' : ''}`],
    ['Host', info.host || '(none)'],
    ['Kernel', `${info.sysname} ${info.release}`.trim(), `${info.kernelVersion} ${info.machine}`.trim()],
    ['atop format', info.version, `aversion 0x${info.aversion.toString(16)}`],
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
      samples > 0 ? zoneLabel(p.tz, first) : undefined,
    ],
  ];
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
