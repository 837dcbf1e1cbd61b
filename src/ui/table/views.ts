// atop's process views (keys g m d n s e c): which columns each shows, in which order, and
// the sort it starts with. A view is offered when the log has some column of it beyond the
// identity ones.
import { columnAvailable } from './column';
import { COLUMN_BY_ID } from './catalogue';
import type { FieldSet } from './sample';

export type ViewId = 'generic' | 'memory' | 'disk' | 'network' | 'scheduling' | 'gpu' | 'command';

export interface ViewSpec {
  readonly id: ViewId;
  readonly label: string;
  /** atop's key for this view. */
  readonly key: string;
  readonly columns: readonly string[];
  /** Sort when switching to the view, as atop does. */
  readonly sort: string;
}

export const VIEWS: readonly ViewSpec[] = [
  {
    id: 'generic',
    label: 'Generic',
    key: 'g',
    columns: [
      'pid',
      'ppid',
      'name',
      'state',
      'cpu',
      'syscpu',
      'usrcpu',
      'rsize',
      'vsize',
      'rddsk',
      'wrdsk',
      'thr',
      'ruid',
      'exc',
      'cmdline',
    ],
    sort: 'cpu',
  },
  {
    id: 'memory',
    label: 'Memory',
    key: 'm',
    columns: [
      'pid',
      'name',
      'minflt',
      'majflt',
      'vstext',
      'vslibs',
      'vdata',
      'vstack',
      'locksz',
      'vsize',
      'rsize',
      'psize',
      'swapsz',
      'vgrow',
      'rgrow',
      'mem',
      'cmdline',
    ],
    sort: 'mem',
  },
  {
    id: 'disk',
    label: 'Disk',
    key: 'd',
    columns: ['pid', 'name', 'rddsk', 'wrdsk', 'wcancl', 'dsk', 'cmdline'],
    sort: 'dsk',
  },
  {
    id: 'network',
    label: 'Net',
    key: 'n',
    columns: [
      'pid',
      'name',
      'tcpsnd',
      'tcpssz',
      'tcprcv',
      'tcprsz',
      'udpsnd',
      'udpssz',
      'udprcv',
      'udprsz',
      'rawsnd',
      'rawrcv',
      'bandwi',
      'bandwo',
      'cmdline',
    ],
    sort: 'bandwi',
  },
  {
    id: 'scheduling',
    label: 'Sched',
    key: 's',
    columns: [
      'pid',
      'name',
      'trun',
      'tslpi',
      'tslpu',
      'tidle',
      'poli',
      'nice',
      'pri',
      'rtpr',
      'cpunr',
      'state',
      'exc',
      'rdelay',
      'bdelay',
      'nvcsw',
      'nivcsw',
      'wchan',
      'cmdline',
    ],
    sort: 'cpu',
  },
  {
    id: 'gpu',
    label: 'GPU',
    key: 'e',
    columns: [
      'pid',
      'name',
      'gpustate',
      'gpunr',
      'gpulist',
      'gpubusy',
      'membusy',
      'gpumemnow',
      'gpumemavg',
      'cmdline',
    ],
    sort: 'gpubusy',
  },
  {
    id: 'command',
    label: 'Cmdline',
    key: 'c',
    columns: ['pid', 'ppid', 'name', 'state', 'cpu', 'rsize', 'cmdline'],
    sort: 'cpu',
  },
];

export const VIEW_BY_ID: ReadonlyMap<ViewId, ViewSpec> = new Map(VIEWS.map((v) => [v.id, v]));

/** The view's columns this log has. */
export function viewColumns(view: ViewSpec, fields: FieldSet): string[] {
  return view.columns.filter((id) => {
    const c = COLUMN_BY_ID.get(id);
    return c !== undefined && columnAvailable(c, fields);
  });
}

/** Views with at least one column beyond pid/name/cmdline for this log. */
export function availableViews(fields: FieldSet): ViewSpec[] {
  return VIEWS.filter((v) =>
    viewColumns(v, fields).some((id) => !['pid', 'name', 'cmdline', 'ppid'].includes(id)),
  );
}
