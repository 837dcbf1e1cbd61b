// The process table: an ARIA grid whose rows are virtualized (only the rows in view, plus a
// few, become elements). TanStack Table holds the column model (order, visibility, sort
// state); the row order comes from rows.ts, computed on typed columns, and the table model
// is built for the rows in view only.
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type OnChangeFn,
  type Row,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef, type KeyboardEvent, type CSSProperties } from 'react';
import type { SortSpec } from '../state/view-state';
import type { BoundColumn, ColumnSpec } from '../table/column';

export const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 30;

interface ColumnMeta {
  spec: ColumnSpec;
}

export interface ProcessTableProps {
  /** Every column this log offers (the chooser's list), in catalog order. */
  readonly columns: readonly ColumnSpec[];
  /** Visible column ids, in display order. */
  readonly visible: readonly string[];
  readonly bound: ReadonlyMap<string, BoundColumn>;
  /** Row indices into the sample, in display order. */
  readonly rows: Int32Array;
  /** Changes whenever the sample changes (resets nothing, but refreshes cells). */
  readonly sampleKey: string;
  readonly sort: SortSpec;
  readonly onSort: (s: SortSpec) => void;
  /** Display position of the selected row, or -1. */
  readonly activeIndex: number;
  readonly onActivate: (displayIndex: number) => void;
  readonly onOpenDetails: (displayIndex: number) => void;
  readonly threadRow: (row: number) => boolean;
  readonly dim: boolean;
  readonly emptyText: string;
}

const cellText = (bound: ReadonlyMap<string, BoundColumn>, id: string, row: number): string =>
  bound.get(id)?.text(row) ?? '';

export const ProcessTable = memo(function ProcessTable(p: ProcessTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { columns, visible, bound, rows, sort, onSort } = p;

  const columnDefs = useMemo<ColumnDef<number>[]>(
    () =>
      columns.map((spec) => ({
        id: spec.id,
        // the row index: sorting happens on typed columns (rows.ts), TanStack only needs an accessor
        accessorFn: (row: number) => row,
        header: spec.header,
        size: spec.width,
        enableSorting: true,
        sortDescFirst: !spec.isText,
        meta: { spec } satisfies ColumnMeta,
        cell: (ctx) => cellText(bound, spec.id, ctx.row.original),
      })),
    [columns, bound],
  );

  const sorting = useMemo<SortingState>(() => [{ id: sort.column, desc: sort.desc }], [sort]);
  const columnVisibility = useMemo<VisibilityState>(() => {
    const shown = new Set(visible);
    return Object.fromEntries(columns.map((c) => [c.id, shown.has(c.id)]));
  }, [columns, visible]);
  const columnOrder = useMemo(
    () => [...visible, ...columns.map((c) => c.id).filter((id) => !visible.includes(id))],
    [columns, visible],
  );

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const windowRows = useMemo(() => items.map((v) => rows[v.index] ?? 0), [items, rows]);

  const onSortingChange: OnChangeFn<SortingState> = (updater) => {
    const next = typeof updater === 'function' ? updater(sorting) : updater;
    const first = next[0];
    if (first) onSort({ column: first.id, desc: first.desc });
  };

  const table = useReactTable({
    data: windowRows,
    columns: columnDefs,
    state: { sorting, columnVisibility, columnOrder },
    onSortingChange,
    manualSorting: true,
    manualFiltering: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => String(row),
  });

  const leaf = table.getVisibleLeafColumns();
  const template = leaf
    .map((c) => {
      const spec = (c.columnDef.meta as ColumnMeta).spec;
      return spec.id === 'cmdline' ? `minmax(${spec.width}px, 1fr)` : `${spec.width}px`;
    })
    .join(' ');
  const minWidth = leaf.reduce((s, c) => s + (c.columnDef.meta as ColumnMeta).spec.width, 0);
  const gridStyle = { '--grid-cols': template, '--grid-min': `${minWidth}px` } as CSSProperties;

  const move = (to: number) => {
    if (rows.length === 0) return;
    const i = Math.max(0, Math.min(rows.length - 1, to));
    p.onActivate(i);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(
      1,
      Math.floor(((scrollRef.current?.clientHeight ?? 400) - HEADER_HEIGHT) / ROW_HEIGHT) - 1,
    );
    const cur = p.activeIndex;
    switch (e.key) {
      case 'ArrowDown':
        move(cur < 0 ? 0 : cur + 1);
        break;
      case 'ArrowUp':
        move(cur < 0 ? 0 : cur - 1);
        break;
      case 'PageDown':
        move((cur < 0 ? 0 : cur) + page);
        break;
      case 'PageUp':
        move((cur < 0 ? 0 : cur) - page);
        break;
      case 'Home':
        if (!e.ctrlKey) return;
        move(0);
        break;
      case 'End':
        if (!e.ctrlKey) return;
        move(rows.length - 1);
        break;
      case 'Enter':
        if (cur >= 0) p.onOpenDetails(cur);
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  const tableRows = table.getRowModel().rows;
  const columnOrderKey = leaf.map((c) => c.id).join(',');
  const activeRendered = p.activeIndex >= 0 && items.some((v) => v.index === p.activeIndex);

  return (
    <div
      ref={scrollRef}
      className={`grid${p.dim ? ' grid-dim' : ''}`}
      role="grid"
      aria-label="Processes"
      aria-rowcount={rows.length}
      aria-colcount={leaf.length}
      aria-activedescendant={activeRendered ? `row-${p.activeIndex}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      style={gridStyle}
      data-sample={p.sampleKey}
    >
      <div className="grid-head" role="rowgroup">
        {table.getHeaderGroups().map((hg) => (
          <div className="grid-row grid-header-row" role="row" key={hg.id}>
            {hg.headers.map((h, ci) => {
              const spec = (h.column.columnDef.meta as ColumnMeta).spec;
              const dir = h.column.getIsSorted();
              return (
                <div
                  key={h.id}
                  role="columnheader"
                  aria-colindex={ci + 1}
                  aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
                  className={`gh ${spec.align === 'right' ? 'num' : 'txt'}${dir ? ' sorted' : ''}`}
                  title={`${spec.title}. Click to sort.`}
                  data-col={spec.id}
                >
                  <button type="button" className="gh-btn" onClick={h.column.getToggleSortingHandler()}>
                    {flexRender(h.column.columnDef.header, h.getContext())}
                    <span className="sort-mark" aria-hidden="true">
                      {dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : ''}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <div className="grid-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
        {rows.length === 0 && <div className="grid-empty">{p.emptyText}</div>}
        {tableRows.map((row, k) => {
          const v = items[k];
          if (!v) return null;
          return (
            <GridRow
              key={row.id}
              row={row}
              displayIndex={v.index}
              top={v.start - HEADER_HEIGHT}
              active={v.index === p.activeIndex}
              thread={p.threadRow(row.original)}
              bound={bound}
              columnsKey={columnOrderKey}
              onActivate={p.onActivate}
              onOpenDetails={p.onOpenDetails}
            />
          );
        })}
      </div>
    </div>
  );
});

interface GridRowProps {
  readonly row: Row<number>;
  readonly displayIndex: number;
  readonly top: number;
  readonly active: boolean;
  readonly thread: boolean;
  readonly bound: ReadonlyMap<string, BoundColumn>;
  /** Visible column ids: the cells depend on them, not on the Row object's identity. */
  readonly columnsKey: string;
  readonly onActivate: (displayIndex: number) => void;
  readonly onOpenDetails: (displayIndex: number) => void;
}

/**
 * One table row. TanStack makes new Row objects whenever the window of rows moves; a row's
 * cells only change with its task, position, the sample (bound) or the columns, so rows that
 * stay in view while scrolling are not rendered again.
 */
const GridRow = memo(
  function GridRow(p: GridRowProps) {
    const { row, bound } = p;
    return (
      <div
        id={`row-${p.displayIndex}`}
        role="row"
        aria-rowindex={p.displayIndex + 1}
        aria-selected={p.active}
        className={`grid-row${p.active ? ' active' : ''}${p.thread ? ' thread' : ''}${p.displayIndex % 2 ? ' odd' : ''}`}
        style={{ transform: `translateY(${p.top}px)` }}
        onClick={() => {
          p.onActivate(p.displayIndex);
        }}
        onDoubleClick={() => {
          p.onOpenDetails(p.displayIndex);
        }}
      >
        {row.getVisibleCells().map((cell, ci) => {
          const spec = (cell.column.columnDef.meta as ColumnMeta).spec;
          const text = cellText(bound, spec.id, row.original);
          const detail = bound.get(spec.id)?.detail?.(row.original);
          return (
            <div
              key={cell.id}
              role="gridcell"
              aria-colindex={ci + 1}
              className={`gc ${spec.align === 'right' ? 'num' : 'txt'} c-${spec.id}`}
              title={spec.isText ? text : detail}
            >
              {flexRender(cell.column.columnDef.cell, cell.getContext())}
            </div>
          );
        })}
      </div>
    );
  },
  (a, b) =>
    a.row.id === b.row.id &&
    a.displayIndex === b.displayIndex &&
    a.top === b.top &&
    a.active === b.active &&
    a.thread === b.thread &&
    a.bound === b.bound &&
    a.columnsKey === b.columnsKey &&
    a.onActivate === b.onActivate &&
    a.onOpenDetails === b.onOpenDetails,
);
