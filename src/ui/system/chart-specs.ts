// The system charts on offer: which of atop's figures each draws, stacked or as lines, in
// which unit. A chart whose figures the log's version or machine lacks is not offered.
// Colours are CSS variables (themes change them); per-device charts cycle a palette.
import type { FigureUnit } from '../../format/system-figures';

/** What a chart reads its layers from (SystemSeries). */
export interface SeriesSource {
  column(key: string): Float32Array | null;
  deviceNames(label: string): string[];
  device(label: string, name: string, key: string): Float32Array | null;
}

export interface Layer {
  readonly label: string;
  /** CSS variable holding the colour. */
  readonly color: string;
  /** One value per sample of the log. */
  readonly values: Float32Array;
}

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly unit: FigureUnit;
  readonly stacked: boolean;
  /** The layers over the whole log (empty: the chart is not offered for this log). */
  layers(src: SeriesSource): Layer[];
  /** Fixed top of the value axis (e.g. all CPUs, all memory), or null to fit the data. */
  top?(src: SeriesSource): number | null;
}

const PALETTE = 8;
const palette = (k: number) => `--series-${(k % PALETTE) + 1}`;

/** Figures by key, leaving out those the log does not have. */
function figures(
  src: SeriesSource,
  defs: readonly (readonly [key: string, label: string, color: string])[],
): Layer[] {
  const out: Layer[] = [];
  for (const [key, label, color] of defs) {
    const values = src.column(key);
    if (values) out.push({ label, color, values });
  }
  return out;
}

/** One figure per device of a group, or two (e.g. read and write) with a suffix each. */
function perDevice(
  src: SeriesSource,
  group: string,
  keys: readonly (readonly [key: string, suffix: string])[],
): Layer[] {
  const out: Layer[] = [];
  src.deviceNames(group).forEach((name) => {
    for (const [key, suffix] of keys) {
      const values = src.device(group, name, key);
      if (values)
        out.push({ label: suffix ? `${name} ${suffix}` : name, color: palette(out.length), values });
    }
  });
  return out;
}

const last = (a: Float32Array | null): number | null => {
  if (!a) return null;
  for (let i = a.length - 1; i >= 0; i--) if (!Number.isNaN(a[i]!)) return a[i]!;
  return null;
};

/** Values per sample of a − b. */
function difference(a: Float32Array | null, b: Float32Array | null): Float32Array | null {
  if (!a || !b) return null;
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}

export const CHARTS: readonly ChartSpec[] = [
  {
    id: 'cpu',
    title: 'CPU',
    unit: '%',
    stacked: true,
    layers: (s) =>
      figures(s, [
        ['cpu.sys', 'sys', '--chart-sys'],
        ['cpu.user', 'user', '--chart-user'],
        ['cpu.irq', 'irq', '--chart-irq'],
        ['cpu.wait', 'wait', '--chart-wait'],
        ['cpu.steal', 'steal', '--chart-steal'],
      ]),
    // atop's CPU parts are % of one CPU: all CPUs are nrcpu × 100
    top: (s) => {
      const n = s.deviceNames('cpu').length;
      return n > 0 ? n * 100 : null;
    },
  },
  {
    id: 'mem',
    title: 'Memory',
    unit: 'B',
    stacked: true,
    layers: (s) =>
      figures(s, [
        ['mem.used', 'used', '--chart-used'],
        ['mem.cache', 'cache', '--chart-cache'],
        ['mem.buffers', 'buff', '--chart-buff'],
        ['mem.slab', 'slab', '--chart-slab'],
        ['mem.free', 'free', '--chart-free'],
      ]),
    top: (s) => last(s.column('mem.total')),
  },
  {
    id: 'disk-busy',
    title: 'Disk busy',
    unit: '%',
    stacked: false,
    layers: (s) => perDevice(s, 'DSK', [['busy', '']]),
  },
  {
    id: 'disk-io',
    title: 'Disk throughput',
    unit: 'B/s',
    stacked: false,
    layers: (s) =>
      perDevice(s, 'DSK', [
        ['readBytes', 'read'],
        ['writeBytes', 'write'],
      ]),
  },
  {
    id: 'net',
    title: 'Network',
    unit: 'B/s',
    stacked: false,
    layers: (s) =>
      perDevice(s, 'NET', [
        ['rxBytes', 'in'],
        ['txBytes', 'out'],
      ]),
  },
  {
    id: 'paging',
    title: 'Paging',
    unit: '/s',
    stacked: false,
    layers: (s) =>
      figures(s, [
        ['pag.swin', 'swin', '--series-1'],
        ['pag.swout', 'swout', '--series-2'],
        ['pag.scan', 'scan', '--series-3'],
        ['pag.steal', 'steal', '--series-4'],
        ['pag.stall', 'stall', '--series-5'],
      ]),
  },
  {
    id: 'swap',
    title: 'Swap',
    unit: 'B',
    stacked: false,
    layers: (s) => {
      const used = difference(s.column('swp.total'), s.column('swp.free'));
      return [
        ...(used ? [{ label: 'used', color: '--series-1', values: used }] : []),
        ...figures(s, [
          ['swp.cached', 'swcac', '--series-2'],
          ['swp.committed', 'vmcom', '--series-3'],
          ['swp.commitLimit', 'vmlim', '--series-4'],
        ]),
      ];
    },
  },
  {
    id: 'psi',
    title: 'Pressure (PSI)',
    unit: '%',
    stacked: false,
    layers: (s) => {
      const l = figures(
        s,
        ['cpusome', 'memsome', 'memfull', 'iosome', 'iofull'].map(
          (p, k) => [`psi.${p}.stall`, p, palette(k)] as const,
        ),
      );
      // a version with PSI members on a kernel without PSI: every value is NaN
      return l.some((x) => x.values.some((v) => !Number.isNaN(v))) ? l : [];
    },
  },
  {
    id: 'load',
    title: 'Load average',
    unit: 'load',
    stacked: false,
    layers: (s) =>
      figures(s, [
        ['cpl.load1', 'avg1', '--series-1'],
        ['cpl.load5', 'avg5', '--series-2'],
        ['cpl.load15', 'avg15', '--series-3'],
      ]),
  },
  {
    id: 'procs',
    title: 'Tasks (PRC)',
    unit: 'count',
    stacked: false,
    layers: (s) =>
      figures(s, [
        ['prc.procs', '#proc', '--series-1'],
        ['prc.running', '#trun', '--series-2'],
        ['prc.dsleep', '#tslpu', '--series-3'],
        ['prc.zombies', '#zombie', '--series-4'],
        ['prc.exits', '#exit', '--series-5'],
      ]),
  },
];

export const CHART_BY_ID = new Map(CHARTS.map((c) => [c.id, c]));

/** Charts shown when the view names none: all of them, in catalogue order. */
export const DEFAULT_CHARTS: readonly string[] = CHARTS.map((c) => c.id);

/** The chart ids to draw: the chosen ones this app knows, else the default set. */
export function chartsToShow(chosen: readonly string[] | null): string[] {
  return (chosen ?? DEFAULT_CHARTS).filter((id) => CHART_BY_ID.has(id));
}
