// Memory per JavaScript isolate of the page under test: the page itself, the reading worker
// and each pool worker (nested dedicated workers are targets of their own). The renderer's
// RSS says how much the tab costs; this says who holds it. Through a browser-level CDP
// session (Playwright's CDPSession cannot address flattened child sessions, so each target is
// attached the old way and spoken to with Target.sendMessageToTarget), every `everyMs`:
// Runtime.getHeapUsage = V8 heap (used, committed) and ArrayBuffer backing stores.
import type { Browser, CDPSession } from '@playwright/test';

export interface IsolateMemory {
  /** page, reader (atop.worker), pool-1 … (pool.worker), or the worker's script name */
  readonly label: string;
  /** Peak of committed V8 heap + ArrayBuffer backing stores, MB. */
  readonly peakMB: number;
  /** At the peak's sample: V8 heap committed, V8 heap used, backing stores, MB. */
  readonly heapMB: number;
  readonly usedMB: number;
  readonly buffersMB: number;
  /** The same sum at the last sample (after load and search), MB. */
  readonly endMB: number;
}

interface HeapUsage {
  usedSize: number;
  totalSize: number;
  backingStorageSize?: number;
}

interface Tracked {
  label: string;
  call: (method: string) => Promise<HeapUsage | null>;
  peak: number;
  at: HeapUsage | null;
  end: number;
  gone: boolean;
}

const MB = 2 ** 20;

function labelOf(url: string, pools: number): string {
  if (/atop\.worker/.test(url)) return 'reader';
  if (/pool\.worker/.test(url)) return `pool-${pools + 1}`;
  return url.split('/').pop() ?? url;
}

/**
 * Starts sampling every isolate whose URL starts with `origin` (targets that appear later,
 * like the fresh workers of each dropped file, are picked up at the next sample).
 */
export async function isolateSampler(
  browser: Browser,
  origin: string,
  everyMs = 100,
): Promise<{ stop(): Promise<IsolateMemory[]>; live(): Promise<string> }> {
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  let nextId = 0;
  const waiting = new Map<number, (v: HeapUsage | null) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message) as { id?: number; result?: HeapUsage };
    const w = m.id === undefined ? undefined : waiting.get(m.id);
    if (!w || m.id === undefined) return;
    waiting.delete(m.id);
    w(m.result ?? null);
  });
  const tracked = new Map<string, Tracked>();
  let pools = 0;
  const discover = async () => {
    const { targetInfos } = await cdp.send('Target.getTargets');
    for (const t of targetInfos) {
      if (tracked.has(t.targetId) || !t.url.startsWith(origin)) continue;
      if (t.type !== 'page' && t.type !== 'worker') continue;
      const label = t.type === 'page' ? 'page' : labelOf(t.url, pools);
      if (label.startsWith('pool-')) pools++;
      const entry: Tracked = {
        label,
        call: () => Promise.resolve(null),
        peak: 0,
        at: null,
        end: 0,
        gone: false,
      };
      tracked.set(t.targetId, entry);
      try {
        const { sessionId } = await cdp.send('Target.attachToTarget', {
          targetId: t.targetId,
          flatten: false,
        });
        entry.call = (method) =>
          new Promise((resolve) => {
            const id = ++nextId;
            waiting.set(id, resolve);
            cdp
              .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) })
              .catch(() => {
                waiting.delete(id);
                resolve(null);
              });
            // a worker that ends never answers
            setTimeout(() => {
              if (waiting.delete(id)) resolve(null);
            }, 2_000);
          });
      } catch {
        entry.gone = true;
      }
    }
  };
  const sample = async () => {
    await discover().catch(() => undefined);
    await Promise.all(
      [...tracked.values()]
        .filter((t) => !t.gone)
        .map(async (t) => {
          const u = await t.call('Runtime.getHeapUsage');
          if (!u) return;
          const sum = u.totalSize + (u.backingStorageSize ?? 0);
          t.end = sum;
          if (sum > t.peak) {
            t.peak = sum;
            t.at = u;
          }
        }),
    );
  };
  const state = { running: true };
  const loop = (async () => {
    while (state.running) {
      await sample();
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    /** Forces a full GC in every isolate, then says what each one holds live (heap used, buffers). */
    async live(): Promise<string> {
      await discover();
      const parts: string[] = [];
      for (const t of tracked.values()) {
        if (t.gone) continue;
        await t.call('HeapProfiler.collectGarbage');
        const u = await t.call('Runtime.getHeapUsage');
        if (u)
          parts.push(
            `${t.label} heap ${(u.usedSize / MB).toFixed(1)} + buffers ${((u.backingStorageSize ?? 0) / MB).toFixed(1)}`,
          );
      }
      return parts.join('; ');
    },
    async stop() {
      state.running = false;
      await loop;
      await sample();
      await cdp.detach().catch(() => undefined);
      return [...tracked.values()]
        .filter((t) => t.at !== null)
        .map((t) => ({
          label: t.label,
          peakMB: t.peak / MB,
          heapMB: (t.at?.totalSize ?? 0) / MB,
          usedMB: (t.at?.usedSize ?? 0) / MB,
          buffersMB: (t.at?.backingStorageSize ?? 0) / MB,
          endMB: t.end / MB,
        }));
    },
  };
}

/** One line: each isolate's peak (heap + buffers) and what it ended with. */
export function isolatesLine(list: readonly IsolateMemory[]): string {
  const total = list.reduce((n, i) => n + i.peakMB, 0);
  return (
    list
      .map(
        (i) =>
          `${i.label} ${i.peakMB.toFixed(0)} MB (heap ${i.heapMB.toFixed(0)}, used ${i.usedMB.toFixed(0)}, ` +
          `buffers ${i.buffersMB.toFixed(0)}; end ${i.endMB.toFixed(0)})`,
      )
      .join('; ') + `; sum of peaks ${total.toFixed(0)} MB`
  );
}
