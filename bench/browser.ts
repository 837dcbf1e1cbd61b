// Browser figures: the built app (`npm run build`, served by `vite preview` on 127.0.0.1:4173)
// in Debian's headless Chromium, driven by Playwright through the UI's contracts:
//   * the app root carries data-load-state = idle | loading | ready | error
//     (ready = every sample indexed and the timeline data ready);
//   * an <input type=file> takes the log (page.setInputFiles: Chromium gets the path, the
//     file is not copied through the driver, so a 1 GB log is fine);
//   * the process table is role=grid with aria-rowcount, its rows role=row / role=gridcell,
//     its headers role=columnheader;
//   * the filter box has the accessible name "Filter processes";
//   * optional: the app root's data-filter-state = idle | running | done says when a filter
//     has been applied to every row of the log (the whole-log match of the timeline).
// Times are taken inside the page (performance.now) from the input's change event, the
// filter box's input event or the header's click to the DOM change that shows the result,
// plus one animation frame. Memory: peak resident set of the page's renderer process
// (which holds the page and its dedicated workers), sampled from /proc every 50 ms, next to
// its RSS before the file was given, and the page's JS heap from CDP Performance.getMetrics
// (main thread only).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserServer, type Page } from '@playwright/test';
import { isolateSampler, type IsolateMemory } from './lib/isolates';
import { allocatorGrowthLine, memoryDump } from './lib/memdump';
import { run, startGroup, stopGroup } from './lib/procs';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/chromium';

const ROOT = join(import.meta.dirname, '..');
const PORT = Number(process.env.PW_PORT ?? 4173);
const PREVIEW_URL = `http://127.0.0.1:${PORT}/`;

export interface BrowserFigures {
  readonly file: string;
  readonly rows: number;
  /** change event of the file input → first task row in the grid, painted */
  readonly firstRowMs: number | null;
  /** change event → data-load-state=ready */
  readonly readyMs: number | null;
  readonly loadState: string;
  /** name:/regex/ over every row of the log (data-filter-state=done), if the UI says when */
  readonly filterAllMs: number | null;
  /** What the page says the whole-log filter found (its coverage: every sample or not). */
  readonly filterAllText: string | null;
  /** filter of the interval on screen: input event → grid updated, painted */
  readonly filterIntervalMs: number | null;
  /** sort of the interval on screen by a column: click → grid updated, painted */
  readonly sortIntervalMs: number | null;
  /** Every system chart redrawn over the whole log (reset zoom → next painted frame). */
  readonly chartsMs: number | null;
  /** One crosshair move over the charts (every chart's legend updated), mean of 60. */
  readonly hoverMs: number | null;
  /** Range totals over every sample (click "To selected sample" → totals table painted). */
  readonly rangeTotalsMs: number | null;
  /** A process's lifeline over the whole log (row click → lifeline drawn, painted). */
  readonly lifelineMs: number | null;
  /** Bytes the UI's system series hold (SystemSeries.bytes). */
  readonly seriesMB: number | null;
  /** Longest main-thread task from the drop to ready (PerformanceObserver longtask). */
  readonly longestTaskMs: number | null;
  readonly peakRendererRssMB: number | null;
  readonly baselineRendererRssMB: number | null;
  readonly jsHeapUsedMB: number | null;
  /** Peak memory of each isolate (page, reading worker, pool workers) from drop to the end. */
  readonly isolates: readonly IsolateMemory[];
  /** Each isolate's live heap and buffers at the end, after a full GC in every isolate. */
  readonly isolatesLive: string;
  /** Growth of each Chromium allocator of the page's renderer, idle page → end (memory-infra). */
  readonly allocators: string;
  readonly crashed: boolean;
  readonly notes: string[];
}

/** Scrolling the process table of one interval with many processes (e2e/synth.ts builds the log). */
export interface ScrollFigures {
  readonly file: string;
  readonly tasks: number;
  /** Time between animation frames while the table scrolls through every row in 120 steps. */
  readonly medianFrameMs: number | null;
  readonly p95FrameMs: number | null;
  readonly maxFrameMs: number | null;
  readonly notes: string[];
}

export interface BrowserRun {
  readonly skipped: string | null;
  readonly chromium: string;
  readonly figures: BrowserFigures[];
  /** Median of the runs' scroll figures, when a scroll target was given. */
  readonly scroll: ScrollFigures | null;
}

// ---- processes ---------------------------------------------------------------------------

function ppidOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** Renderer processes descending from the browser process `root`. */
function rendererPids(root: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const pid = Number(d);
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmd.includes('--type=renderer')) continue;
    for (let p: number | null = pid, hops = 0; p && p > 1 && hops < 10; p = ppidOf(p), hops++)
      if (p === root) {
        out.push(pid);
        break;
      }
  }
  return out;
}

function rssKB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples the RSS of each renderer of the browser until stopped. The page's renderer is the
 * one that grows: stop() returns the largest per-process peak, and that process's RSS at the
 * moment `mark()` was called (before the file was given).
 */
function rssSampler(root: number): {
  mark(): void;
  stop(): { peakKB: number; baselineKB: number; pid: number };
} {
  const peak = new Map<number, number>();
  const base = new Map<number, number>();
  const sample = () => {
    for (const pid of rendererPids(root)) {
      const kb = rssKB(pid);
      if (kb > (peak.get(pid) ?? 0)) peak.set(pid, kb);
    }
  };
  const timer = setInterval(sample, 50);
  return {
    mark: () => {
      for (const pid of rendererPids(root)) base.set(pid, rssKB(pid));
    },
    stop: () => {
      clearInterval(timer);
      sample();
      let best = 0;
      let pid = 0;
      for (const [p, kb] of peak)
        if (kb > best) {
          best = kb;
          pid = p;
        }
      return { peakKB: best, baselineKB: base.get(pid) ?? 0, pid };
    },
  };
}

// ---- server ------------------------------------------------------------------------------

async function waitForPort(url: string, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return true;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

// ---- in-page instrumentation ---------------------------------------------------------------

interface PageMarks {
  /** Longest main-thread task between the drop and ready. */
  longest: number | null;
  t0: number | null;
  firstRow: number | null;
  firstPaint: number | null;
  ready: number | null;
  state: string | null;
  error: string | null;
}

/** Installed before the file is given: records the change event and what follows. */
function installLoadMarks(): void {
  const w = window as unknown as { __bench: PageMarks };
  const b: PageMarks = {
    longest: null,
    t0: null,
    firstRow: null,
    firstPaint: null,
    ready: null,
    state: null,
    error: null,
  };
  w.__bench = b;
  try {
    new PerformanceObserver((list) => {
      if (b.t0 === null || b.ready !== null) return;
      for (const e of list.getEntries()) b.longest = Math.max(b.longest ?? 0, e.duration);
    }).observe({ type: 'longtask' });
  } catch {
    // no long task timing in this browser
  }
  const root = document.querySelector('[data-load-state]');
  document.addEventListener(
    'change',
    (e) => {
      if (e.target instanceof HTMLInputElement && e.target.type === 'file' && b.t0 === null)
        b.t0 = performance.now();
    },
    { capture: true },
  );
  const check = () => {
    if (b.t0 === null) return;
    const now = performance.now();
    if (b.firstRow === null && document.querySelector('[role=grid] [role=row] [role=gridcell]')) {
      b.firstRow = now;
      requestAnimationFrame(() => {
        b.firstPaint = performance.now();
      });
    }
    const st = root?.getAttribute('data-load-state') ?? null;
    b.state = st;
    if (b.ready === null && st === 'ready') b.ready = now;
    if (st === 'error') b.error = document.body.innerText.slice(0, 300);
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
}

/**
 * Measures from the next `trigger` event on the page to the grid showing the result, plus one
 * animation frame: for 'input' (a filter), the grid's aria-rowcount changing; for 'click' (a
 * sort), the first change inside the grid (rows re-rendered in the same commit as the header).
 */
function armGridChange(trigger: 'input' | 'click'): void {
  const w = window as unknown as { __op: { t0: number | null; done: number | null } };
  const op: { t0: number | null; done: number | null } = { t0: null, done: null };
  w.__op = op;
  const grid = document.querySelector('[role=grid]');
  document.addEventListener(
    trigger,
    () => {
      op.t0 ??= performance.now();
    },
    { capture: true, once: true },
  );
  if (!grid) return;
  const before = grid.getAttribute('aria-rowcount');
  const mo = new MutationObserver(() => {
    if (op.t0 === null) return;
    if (trigger === 'input' && grid.getAttribute('aria-rowcount') === before) return;
    mo.disconnect();
    requestAnimationFrame(() => {
      op.done = performance.now();
    });
  });
  mo.observe(grid, { subtree: true, childList: true, characterData: true, attributes: true });
}

/** Measures from the next input event to data-filter-state=done on the app root. */
function armWholeLogFilter(): boolean {
  const root = document.querySelector('[data-load-state]');
  if (!root?.hasAttribute('data-filter-state')) return false;
  const w = window as unknown as { __all: { t0: number | null; done: number | null } };
  const op: { t0: number | null; done: number | null } = { t0: null, done: null };
  w.__all = op;
  document.addEventListener(
    'input',
    () => {
      op.t0 ??= performance.now();
    },
    { capture: true, once: true },
  );
  const mo = new MutationObserver(() => {
    if (op.t0 !== null && root.getAttribute('data-filter-state') === 'done') {
      op.done = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(root, { attributes: true, attributeFilter: ['data-filter-state'] });
  return true;
}

async function waitFor<T, A = undefined>(
  page: Page,
  fn: (arg: A) => T | null,
  ms: number,
  arg?: A,
): Promise<T | null> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await page.evaluate(fn as (a: unknown) => T | null, arg);
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  return null;
}

/**
 * Waits for a mark of installLoadMarks: ms from the file input's change event to it, -1 if
 * the page reported an error first, null if neither came within `ms`.
 */
function sinceChange(page: Page, mark: 'firstPaint' | 'ready', ms: number): Promise<number | null> {
  return waitFor(
    page,
    (k) => {
      const b = (window as unknown as { __bench: PageMarks }).__bench;
      const at = b[k];
      return at !== null && b.t0 !== null ? at - b.t0 : b.error !== null ? -1 : null;
    },
    ms,
    mark,
  );
}

// ---- one file ------------------------------------------------------------------------------

async function measureFile(
  url: string,
  browser: Browser,
  browserPid: number | null,
  files: string | readonly string[],
  rows: number,
  filterRegex: string,
): Promise<BrowserFigures> {
  const file = typeof files === 'string' ? files : files.join(' + ');
  const notes: string[] = [];
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  // tsx compiles this file with esbuild's keepNames: functions handed to page.evaluate may
  // call its __name helper, which the page does not have
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = await context.newPage();
  const tab = { crashed: false };
  page.on('crash', () => {
    tab.crashed = true;
  });
  const sampler = browserPid ? rssSampler(browserPid) : null;
  let isolates: Awaited<ReturnType<typeof isolateSampler>> | null = null;
  let dumpBefore: Awaited<ReturnType<typeof memoryDump>> | null = null;
  const fig = {
    file,
    rows,
    firstRowMs: null as number | null,
    readyMs: null as number | null,
    loadState: 'n/a',
    filterAllMs: null as number | null,
    filterAllText: null as string | null,
    filterIntervalMs: null as number | null,
    sortIntervalMs: null as number | null,
    chartsMs: null as number | null,
    hoverMs: null as number | null,
    rangeTotalsMs: null as number | null,
    lifelineMs: null as number | null,
    seriesMB: null as number | null,
    longestTaskMs: null as number | null,
    peakRendererRssMB: null as number | null,
    baselineRendererRssMB: null as number | null,
    jsHeapUsedMB: null as number | null,
    isolates: [] as IsolateMemory[],
    isolatesLive: '',
    allocators: '',
    crashed: false,
    notes,
  };
  try {
    await page.goto(url);
    await page.waitForSelector('[data-load-state]', { timeout: 15_000 });
    const input = page.locator('input[type=file]');
    if ((await input.count()) === 0) throw new Error('the app has no <input type=file>');
    await page.waitForTimeout(500);
    sampler?.mark();
    dumpBefore = await memoryDump(browser).catch(() => null);
    isolates = await isolateSampler(browser, new URL(url).origin).catch((e: unknown) => {
      notes.push(`isolate memory: ${String(e)}`);
      return null;
    });
    await page.evaluate(installLoadMarks);
    await input.first().setInputFiles(typeof files === 'string' ? files : [...files]);
    // first row, then ready (or error), polled from the page's own marks
    const first = await sinceChange(page, 'firstPaint', 120_000);
    if (first !== null && first >= 0) fig.firstRowMs = first;
    const ready = await sinceChange(page, 'ready', 15 * 60_000);
    if (ready !== null && ready >= 0) fig.readyMs = ready;
    fig.loadState = await page.evaluate(
      () => document.querySelector('[data-load-state]')?.getAttribute('data-load-state') ?? 'missing',
    );
    if (fig.loadState !== 'ready') {
      notes.push(`load state ${fig.loadState}`);
      return fig;
    }
    Object.assign(fig, await measureCharts(page, notes));
    Object.assign(fig, await measureTotals(page, notes));
    // filter: whole log (if the UI says when it is done) and the interval on screen
    const box = page
      .getByRole('searchbox', { name: 'Filter processes' })
      .or(page.getByRole('textbox', { name: 'Filter processes' }));
    if ((await box.count()) === 0) notes.push('no filter box named "Filter processes"');
    else {
      const whole = await page.evaluate(armWholeLogFilter);
      await page.evaluate(armGridChange, 'input' as const);
      await box.first().fill(`name:/${filterRegex}/`);
      const interval = await waitFor(
        page,
        () => {
          const op = (window as unknown as { __op: { t0: number | null; done: number | null } }).__op;
          return op.done !== null && op.t0 !== null ? op.done - op.t0 : null;
        },
        30_000,
      );
      fig.filterIntervalMs = interval;
      if (whole) {
        fig.filterAllMs = await waitFor(
          page,
          () => {
            const op = (window as unknown as { __all: { t0: number | null; done: number | null } }).__all;
            return op.done !== null && op.t0 !== null ? op.done - op.t0 : null;
          },
          60_000,
        );
        const shown = page.getByTestId('log-matches');
        if ((await shown.count()) > 0) fig.filterAllText = await shown.first().textContent();
      } else notes.push('whole-log filter: the app root has no data-filter-state, not measured');
      await box.first().fill('');
      await page.waitForTimeout(300);
    }
    // sort the interval on screen by a numeric column (CPU if there is one)
    const headers = page.getByRole('columnheader');
    if ((await headers.count()) === 0) notes.push('no column headers to sort by');
    else {
      const cpu = page.getByRole('columnheader', { name: /^cpu/i });
      const target =
        (await cpu.count()) > 0 ? cpu.first() : headers.nth(Math.min(2, (await headers.count()) - 1));
      await page.evaluate(armGridChange, 'click' as const);
      // the header's button if it has one (the header cell itself may not take clicks)
      const button = target.getByRole('button');
      await ((await button.count()) > 0 ? button.first() : target).click();
      fig.sortIntervalMs = await waitFor(
        page,
        () => {
          const op = (window as unknown as { __op: { t0: number | null; done: number | null } }).__op;
          return op.done !== null && op.t0 !== null ? op.done - op.t0 : null;
        },
        30_000,
      );
    }
    try {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const m = await cdp.send('Performance.getMetrics');
      const heap = m.metrics.find((x) => x.name === 'JSHeapUsedSize');
      if (heap) fig.jsHeapUsedMB = heap.value / 2 ** 20;
    } catch (e) {
      notes.push(`CDP metrics: ${String(e)}`);
    }
  } catch (e) {
    notes.push(
      tab.crashed
        ? 'the tab crashed'
        : `failed: ${e instanceof Error ? e.message.split('\n')[0]! : String(e)}`,
    );
  } finally {
    const m = sampler?.stop();
    if (m) {
      fig.peakRendererRssMB = m.peakKB / 1024;
      fig.baselineRendererRssMB = m.baselineKB / 1024;
    }
    // the allocators at the end (before any forced GC), then what is live after one
    const dumpAfter = m && !tab.crashed ? await memoryDump(browser).catch(() => null) : null;
    const after = m ? dumpAfter?.get(m.pid) : undefined;
    if (after) fig.allocators = allocatorGrowthLine(dumpBefore?.get(m!.pid), after);
    if (isolates) {
      if (!tab.crashed) fig.isolatesLive = await isolates.live().catch(() => '');
      fig.isolates = await isolates.stop().catch(() => []);
    }
    fig.crashed = tab.crashed;
    await context.close().catch(() => undefined);
  }
  return fig;
}

/**
 * The system charts once the log is read: a full redraw (zoomed in with '+', then '0' resets
 * the zoom: every chart reshapes all samples and draws, timed to the next painted frame),
 * crosshair moves over the first chart (synthetic mousemoves: uPlot's handler, the cursor
 * sync to every chart and the legends all run inside the dispatch), the series' memory, and
 * the longest main-thread task while the log was read.
 */
async function measureCharts(
  page: Page,
  notes: string[],
): Promise<Pick<BrowserFigures, 'chartsMs' | 'hoverMs' | 'seriesMB' | 'longestTaskMs'>> {
  const out = { chartsMs: null, hoverMs: null, seriesMB: null, longestTaskMs: null };
  if ((await page.locator('.system-charts').count()) === 0) {
    notes.push('no system charts');
    return out;
  }
  await page.waitForTimeout(500);
  const r = await page.evaluate(async () => {
    const frame = () => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    const slider = document.querySelector<HTMLElement>('[role=slider][aria-label="Sample timeline"]')!;
    const key = (k: string) => slider.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    const full = slider.getAttribute('data-x-min');
    key('+');
    await frame();
    await frame();
    const t0 = performance.now();
    key('0');
    // the zoom is reset when the slider names the whole log again; the charts draw in the next frame
    while (slider.getAttribute('data-x-min') !== full) await new Promise((res) => setTimeout(res, 0));
    await frame();
    const charts = performance.now() - t0;
    const over = document.querySelector<HTMLElement>('.time-chart .u-over')!;
    const box = over.getBoundingClientRect();
    const moves = 60;
    let spent = 0;
    for (let k = 0; k < moves; k++) {
      const x = box.left + ((k + 0.5) / moves) * box.width;
      const e = new MouseEvent('mousemove', { clientX: x, clientY: box.top + box.height / 2, bubbles: true });
      const a = performance.now();
      over.dispatchEvent(e);
      spent += performance.now() - a;
    }
    over.dispatchEvent(new MouseEvent('mouseleave', { bubbles: true }));
    const bytes = Number(document.querySelector('.system-charts')?.getAttribute('data-series-bytes') ?? NaN);
    const long = (window as unknown as { __bench: { longest: number | null } }).__bench.longest;
    return { charts, hover: spent / moves, bytes, long };
  });
  return {
    chartsMs: r.charts,
    hoverMs: r.hover,
    seriesMB: Number.isFinite(r.bytes) ? r.bytes / 1e6 : null,
    longestTaskMs: r.long,
  };
}

/** The next click anywhere on the page starts a clock (read by sinceClick). */
const armClickClock = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __t0: number };
    document.addEventListener(
      'click',
      () => {
        w.__t0 = performance.now();
      },
      { capture: true, once: true },
    );
  });

/** Time from the armed click to the next painted frame. */
const sinceClick = (page: Page) =>
  page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - (window as unknown as { __t0: number }).__t0;
  });

/**
 * Range totals and a lifeline once the log is read: the whole log as the range (the range
 * up to the sample before the last is set first; End, then "To selected sample" starts the
 * clock) until the totals table says what it covers and is painted; then the range is cleared, the first process row is
 * clicked and the clock runs until its lifeline has its points and is painted.
 */
async function measureTotals(
  page: Page,
  notes: string[],
): Promise<Pick<BrowserFigures, 'rangeTotalsMs' | 'lifelineMs'>> {
  const out = { rangeTotalsMs: null as number | null, lifelineMs: null as number | null };
  const range = page.getByRole('group', { name: 'Range' });
  if ((await range.count()) === 0) {
    notes.push('no range bar');
    return out;
  }
  const grid = page.getByRole('grid').first();
  const done = () => {
    const covers = document.querySelector('[data-testid=totals-covers]');
    const running = document.querySelector('.totals-running');
    return covers !== null && running === null && !/read so far/.test(covers.textContent);
  };
  // first every sample but the last (a range of its own, left to settle), so that the timed
  // click asks for a range not computed yet: every sample
  const button = range.getByRole('button', { name: 'To selected sample' });
  await grid.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+T');
  await button.click();
  await page.waitForFunction(done, null, { timeout: 120_000, polling: 'raf' }).catch(() => undefined);
  await page.waitForTimeout(300);
  await grid.focus();
  await page.keyboard.press('End');
  await page.waitForTimeout(300);
  const before = await page.evaluate(
    () => document.querySelector('[data-testid=totals-covers]')?.textContent ?? '',
  );
  await armClickClock(page);
  await button.click();
  try {
    // the answer of the new range: the header names another span
    await page.waitForFunction(
      (old) => {
        const covers = document.querySelector('[data-testid=totals-covers]');
        const running = document.querySelector('.totals-running');
        const text = covers?.textContent ?? '';
        return covers !== null && running === null && text !== old && !/read so far/.test(text);
      },
      before,
      { timeout: 120_000, polling: 'raf' },
    );
    out.rangeTotalsMs = await sinceClick(page);
  } catch (e) {
    notes.push(`range totals: ${String(e).split('\n')[0]}`);
  }
  await range.getByRole('button', { name: 'Clear', exact: true }).click();
  await page.waitForTimeout(500);
  const row = grid.locator('[role=row][aria-rowindex]').first();
  if ((await row.count()) === 0) {
    notes.push('no process row for a lifeline');
    return out;
  }
  await armClickClock(page);
  await row.click();
  try {
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=lifeline]')?.getAttribute('data-points') ?? 0) > 0,
      null,
      { timeout: 60_000, polling: 'raf' },
    );
    out.lifelineMs = await sinceClick(page);
  } catch (e) {
    notes.push(`lifeline: ${String(e).split('\n')[0]}`);
  }
  await page.keyboard.press('Escape');
  return out;
}

/**
 * Opens `file` (one interval of `tasks` processes), waits until it is read, then scrolls the
 * process table from top to bottom in 120 steps, one per animation frame, and takes the time
 * between frames: what a user dragging the scrollbar through the table sees (goal: one 16 ms
 * frame). The viewport is the e2e tests' (1280 × 800).
 */
async function measureScroll(
  url: string,
  browser: Browser,
  file: string,
  tasks: number,
): Promise<ScrollFigures> {
  const notes: string[] = [];
  const fig = { file, tasks, medianFrameMs: null, p95FrameMs: null, maxFrameMs: null, notes };
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForSelector('[data-load-state]', { timeout: 15_000 });
    await page.evaluate(installLoadMarks);
    await page.locator('input[type=file]').first().setInputFiles(file);
    const ready = await sinceChange(page, 'ready', 5 * 60_000);
    if (ready === null || ready < 0) {
      notes.push('the log did not load');
      return fig;
    }
    const grid = page.getByRole('grid').first();
    await grid.locator('[role=row] [role=gridcell]').first().waitFor({ timeout: 60_000 });
    const frames = await grid.evaluate(async (el) => {
      const gaps: number[] = [];
      const step = el.scrollHeight / 120;
      await new Promise((r) => requestAnimationFrame(r));
      let last = performance.now();
      for (let i = 1; i <= 120; i++) {
        el.scrollTop = i * step;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        gaps.push(now - last);
        last = now;
      }
      gaps.sort((a, b) => a - b);
      return { median: gaps[60]!, p95: gaps[114]!, max: gaps[119]! };
    });
    return { ...fig, medianFrameMs: frames.median, p95FrameMs: frames.p95, maxFrameMs: frames.max };
  } catch (e) {
    notes.push(`failed: ${e instanceof Error ? e.message.split('\n')[0]! : String(e)}`);
    return fig;
  } finally {
    await context.close().catch(() => undefined);
  }
}

// ---- runs ----------------------------------------------------------------------------------

function median(xs: readonly (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/**
 * Each timing and memory figure is the median over the runs; the per-isolate breakdown is the
 * one of the run whose renderer peak is the median (a breakdown does not average).
 */
function medianFigures(each: readonly BrowserFigures[]): BrowserFigures {
  const first = each[0]!;
  if (each.length === 1) return first;
  const m = (f: (x: BrowserFigures) => number | null) => median(each.map(f));
  const growth = (x: BrowserFigures) =>
    x.peakRendererRssMB !== null && x.baselineRendererRssMB !== null
      ? x.peakRendererRssMB - x.baselineRendererRssMB
      : null;
  const byGrowth = [...each].sort((a, b) => (growth(a) ?? 0) - (growth(b) ?? 0));
  const mid = byGrowth[(byGrowth.length - 1) >> 1]!;
  const fmt = (f: (x: BrowserFigures) => number | null) =>
    each.map((x) => (f(x) === null ? '-' : f(x)!.toFixed(0))).join('/');
  return {
    ...first,
    firstRowMs: m((x) => x.firstRowMs),
    readyMs: m((x) => x.readyMs),
    filterAllMs: m((x) => x.filterAllMs),
    filterIntervalMs: m((x) => x.filterIntervalMs),
    sortIntervalMs: m((x) => x.sortIntervalMs),
    chartsMs: m((x) => x.chartsMs),
    hoverMs: m((x) => x.hoverMs),
    seriesMB: m((x) => x.seriesMB),
    longestTaskMs: m((x) => x.longestTaskMs),
    peakRendererRssMB: mid.peakRendererRssMB,
    baselineRendererRssMB: mid.baselineRendererRssMB,
    jsHeapUsedMB: m((x) => x.jsHeapUsedMB),
    isolates: mid.isolates,
    isolatesLive: mid.isolatesLive,
    allocators: mid.allocators,
    loadState: each.every((x) => x.loadState === 'ready') ? 'ready' : each.map((x) => x.loadState).join('/'),
    crashed: each.some((x) => x.crashed),
    notes: [
      `median of ${each.length} runs; first interval ${fmt((x) => x.firstRowMs)} ms, ready ${fmt((x) => x.readyMs)} ms, ` +
        `whole-log filter ${fmt((x) => x.filterAllMs)} ms, RSS growth ${fmt(growth)} MB`,
      ...new Set(each.flatMap((x) => x.notes)),
    ],
  };
}

// ---- entry ---------------------------------------------------------------------------------

export interface BrowserTarget {
  /** One log, or several opened together (one host's days: one timeline). */
  readonly file: string | readonly string[];
  readonly rows: number;
}

/** A log of one interval with many processes, for the scroll figure. */
export interface ScrollTarget {
  readonly file: string;
  readonly tasks: number;
}

function medianScroll(each: readonly ScrollFigures[]): ScrollFigures | null {
  const first = each[0];
  if (!first) return null;
  const fmt = (f: (x: ScrollFigures) => number | null) =>
    each.map((x) => (f(x) === null ? '-' : f(x)!.toFixed(0))).join('/');
  return {
    ...first,
    medianFrameMs: median(each.map((x) => x.medianFrameMs)),
    p95FrameMs: median(each.map((x) => x.p95FrameMs)),
    maxFrameMs: median(each.map((x) => x.maxFrameMs)),
    notes: [
      ...(each.length > 1
        ? [
            `median of ${each.length} runs; frame median ${fmt((x) => x.medianFrameMs)} ms, p95 ${fmt((x) => x.p95FrameMs)} ms`,
          ]
        : []),
      ...new Set(each.flatMap((x) => x.notes)),
    ],
  };
}

/**
 * Builds the app, serves it with vite preview, measures every target; skips (with the reason)
 * if it cannot. With `appUrl`, measures the app already served there instead (no build).
 */
export async function measureBrowser(
  targets: readonly BrowserTarget[],
  filterRegex = '^(nginx|postgres)',
  appUrl?: string,
  runs = 1,
  scrollTarget?: ScrollTarget,
): Promise<BrowserRun> {
  const skip = (why: string): BrowserRun => ({ skipped: why, chromium: '', figures: [], scroll: null });
  if (!existsSync(CHROMIUM)) return skip(`${CHROMIUM} not found`);
  const chromiumVersion = (await run(CHROMIUM, ['--version'])).stdout.trim();
  let preview: ReturnType<typeof startGroup> | null = null;
  let url = appUrl ?? PREVIEW_URL;
  if (!appUrl) {
    if (!existsSync(join(ROOT, 'index.html'))) return skip('the app is not there yet (no index.html)');
    const build = await run('npm', ['run', 'build'], { timeoutMs: 10 * 60_000 });
    if (build.code !== 0)
      return skip(
        `npm run build failed: ${(build.stderr || build.stdout).trim().split('\n').slice(-5).join(' | ')}`,
      );
    preview = startGroup(
      join(ROOT, 'node_modules', '.bin', 'vite'),
      ['preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
      { cwd: ROOT },
    );
    url = PREVIEW_URL;
  }
  let server: BrowserServer | null = null;
  try {
    if (!(await waitForPort(url, 30_000))) return skip(`the app did not answer on ${url}`);
    server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const pid = server.process().pid ?? null;
    const browser = await chromium.connect(server.wsEndpoint());
    try {
      // is the UI there at all?
      const probe = await browser.newPage();
      await probe.addInitScript('globalThis.__name = (f) => f;');
      await probe.goto(url);
      const hasRoot = await probe
        .waitForSelector('[data-load-state]', { timeout: 15_000 })
        .then(() => true)
        .catch(() => false);
      await probe.close();
      if (!hasRoot)
        return {
          skipped: 'the app has no element with data-load-state yet (UI not ready)',
          chromium: chromiumVersion,
          figures: [],
          scroll: null,
        };
      const figures: BrowserFigures[] = [];
      for (const t of targets) {
        const each: BrowserFigures[] = [];
        for (let k = 0; k < runs; k++)
          each.push(await measureFile(url, browser, pid, t.file, t.rows, filterRegex));
        figures.push(medianFigures(each));
      }
      const scrolls: ScrollFigures[] = [];
      if (scrollTarget)
        for (let k = 0; k < runs; k++)
          scrolls.push(await measureScroll(url, browser, scrollTarget.file, scrollTarget.tasks));
      return { skipped: null, chromium: chromiumVersion, figures, scroll: medianScroll(scrolls) };
    } finally {
      await browser.close();
    }
  } finally {
    await server?.close().catch(() => undefined);
    if (preview) await stopGroup(preview);
  }
}
