// The system series of the whole log, or of the selected range, as CSV: one row per
// sample (number, time in the chosen zone, interval, host, the file it was read from), one
// column per figure of the whole
// system and per figure of each device, the unit in the header. Values are the series' own
// (Float32: 6–7 significant digits); a sample without a value (damaged, a device not there
// yet) is an empty cell.
import type { SystemSeries } from '../../format/system-series';
import { csvBlob, type CsvSource } from '../csv';
import { fmtDateTime, type TimeZoneMode } from '../format';

export interface SeriesCsvInput {
  readonly series: SystemSeries;
  readonly times: Float64Array;
  readonly intervals: Float64Array;
  /** Samples [from, to) to write. */
  readonly from: number;
  readonly to: number;
  readonly tz: TimeZoneMode;
  readonly host: string;
  /** The file of each sample (index into `fileNames`). */
  readonly files: Float64Array;
  readonly fileNames: readonly string[];
}

/** The columns before the figures. */
const LEAD = 5;

const cell = (v: number) => (Number.isNaN(v) ? '' : String(Number(v.toPrecision(7))));

export function seriesCsvSource(x: SeriesCsvInput): CsvSource {
  const span = { from: x.from, to: x.to };
  const header = ['sample', `time (${x.tz === 'utc' ? 'UTC' : x.tz})`, 'interval (s)', 'host', 'file'];
  const cols: Float32Array[] = [];
  for (const f of x.series.figures) {
    header.push(`${f.key} (${f.unit})`);
    cols.push(x.series.column(f.key, span)!);
  }
  for (const g of x.series.groups)
    for (const name of x.series.deviceNames(g))
      for (const f of x.series.deviceFigures(g)) {
        header.push(`${g} ${name} ${f.key} (${f.unit})`);
        cols.push(x.series.device(g, name, f.key, span)!);
      }
  return {
    header,
    rowCount: Math.max(0, x.to - x.from),
    cell: (r, c) => {
      const i = x.from + r;
      if (c === 0) return String(i + 1);
      if (c === 1) return fmtDateTime(x.times[i]!, x.tz);
      if (c === 2) return String(x.intervals[i]);
      if (c === 3) return x.host;
      if (c === 4) return x.fileNames[x.files[i]!] ?? '';
      return cell(cols[c - LEAD]![r]!);
    },
  };
}

export const seriesCsvBlob = (x: SeriesCsvInput): Blob => csvBlob(seriesCsvSource(x));
