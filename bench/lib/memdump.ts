// Chromium's own accounting of a renderer's memory (memory-infra): a detailed memory dump
// through the Tracing domain of a browser-level CDP session, reduced to the size of each
// top-level allocator (malloc, partition_alloc, v8, blink_gc, shared_memory …) of the
// renderer process. This sees what the V8 heap figures of isolates.ts cannot:
// allocator caches, compiler zones, Blink's own heaps, mojo's shared memory.
import type { Browser } from '@playwright/test';

interface TraceEvent {
  ph?: string;
  pid?: number;
  name?: string;
  args?: {
    dumps?: {
      allocators?: Record<string, { attrs?: { size?: { value?: string } } }>;
      process_totals?: Record<string, string>;
    };
  };
}

/** Kept next to the top-level allocators: where ArrayBuffers live. */
const DETAIL = new Set(['partition_alloc/partitions/array_buffer']);

/** Per process id: MB per top-level allocator dump (and DETAIL's). */
export async function memoryDump(browser: Browser): Promise<Map<number, Map<string, number>>> {
  const cdp = await browser.newBrowserCDPSession();
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    events.push(...(e.value as TraceEvent[]));
  });
  const done = new Promise<void>((r) => {
    cdp.once('Tracing.tracingComplete', () => {
      r();
    });
  });
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: ['disabled-by-default-memory-infra'],
      excludedCategories: ['*'],
      // no periodic dumps, only the one requested below (Playwright types this object's values as strings)
      memoryDumpConfig: { triggers: [] } as unknown as Record<string, string>,
    },
  });
  await cdp.send('Tracing.requestMemoryDump', { deterministic: true, levelOfDetail: 'detailed' });
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach().catch(() => undefined);
  const out = new Map<number, Map<string, number>>();
  for (const ev of events) {
    if (ev.ph !== 'v' || ev.pid === undefined) continue;
    const m = out.get(ev.pid) ?? new Map<string, number>();
    out.set(ev.pid, m);
    for (const [path, a] of Object.entries(ev.args?.dumps?.allocators ?? {})) {
      const hex = a.attrs?.size?.value;
      if (!hex || (path.includes('/') && !DETAIL.has(path))) continue;
      m.set(path, (m.get(path) ?? 0) + parseInt(hex, 16) / 2 ** 20);
    }
  }
  return out;
}

/** One line: each allocator's growth between two dumps of one process, largest first. */
export function allocatorGrowthLine(
  before: Map<string, number> | undefined,
  after: Map<string, number>,
): string {
  const rows = [...after]
    .map(([k, v]) => [k, v - (before?.get(k) ?? 0), v] as const)
    .filter(([, d]) => Math.abs(d) >= 0.5)
    .sort((a, b) => b[1] - a[1]);
  return rows.map(([k, d, v]) => `${k} +${d.toFixed(0)} (${v.toFixed(0)})`).join('; ');
}
