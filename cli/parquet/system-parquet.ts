// `export FILE… --what system --format parquet`: the system tables (src/export/system-rows.ts)
// of one target, one Parquet file per table. Only the system blobs are inflated, as for the
// jsonl system export, and a sample whose system blob is damaged is left out and reported.
import { readSystemSamples, sstatPlan, type FormatError } from '../../src/format/index';
import { SystemRowsBuilder } from '../../src/export/system-rows';
import { rowsWithin, sameColumns, type ColumnSpec } from '../../src/export/table';
import { openFile } from '../file-source';
import type { Target } from './targets';
import { TableFile, type WrittenFile } from './table-file';

/** Column bytes a system table's batch (and row group) may take: the scalar table of 2.13 has ~700 columns. */
const BATCH_BYTES = 16 << 20;

/** Writes the system tables of one target; null if no log had a header. Throws after dropping every file. */
export async function writeSystemTarget(
  t: Target,
  tablePath: (table: string) => string,
  report: (file: string, problems: readonly FormatError[]) => void,
): Promise<WrittenFile[] | null> {
  const files: TableFile[] = [];
  try {
    for (const seg of t.segments) {
      const src = await openFile(seg.file);
      const problems: FormatError[] = [];
      let rows: SystemRowsBuilder | null = null;
      /** Rows per batch of each table (a batch is a row group). */
      let limits: number[] = [];
      const flush = async (k: number) => {
        const b = rows!.buffers[k]!;
        if (b.rows > 0) await files[k]!.writer.write(b.take());
      };
      for await (const ev of readSystemSamples(src.chunks, { totalSize: src.size })) {
        if (ev.type === 'header') {
          rows = new SystemRowsBuilder(
            sstatPlan(ev.log.layout.sstat),
            t.partitioned ? null : ev.log.header.nodename,
          );
          const tables = rows.tables;
          limits = tables.map((x) => rowsWithin(x.schema, BATCH_BYTES));
          if (files.length === 0) {
            for (const [k, x] of tables.entries())
              files.push(
                await TableFile.open(
                  tablePath(x.name),
                  x.name,
                  x.schema,
                  limits[k]!,
                  seg.file,
                  t.partitioned,
                ),
              );
          } else {
            // the same tables with the same columns: compare them all as one schema
            const flat = (ts: readonly { name: string; schema: readonly ColumnSpec[] }[]) =>
              ts.flatMap((x) => x.schema.map((c) => ({ ...c, name: `${x.name}.${c.name}` })));
            const mine = files.map((f) => ({ name: f.table, schema: f.schema }));
            if (files.length !== tables.length || !sameColumns(flat(mine), flat(tables)))
              throw files[0]!.mismatch(seg.file, ev.log.header.version, 'system tables');
          }
        } else if (ev.type === 'system') {
          const i = ev.sample.index;
          if (i < seg.range.from || i >= seg.range.to) continue;
          rows!.add(ev.sample);
          for (let k = 0; k < limits.length; k++) if (rows!.buffers[k]!.rows >= limits[k]!) await flush(k);
        } else if (ev.type === 'skipped') problems.push(ev.error);
        else if (ev.error && !problems.includes(ev.error)) problems.push(ev.error);
      }
      for (let k = 0; k < limits.length; k++) await flush(k);
      report(seg.file, problems);
    }
    if (files.length === 0) return null;
    const written: WrittenFile[] = [];
    for (const f of files) written.push(await f.commit());
    return written;
  } catch (e) {
    for (const f of files) await f.abort();
    throw e;
  }
}
