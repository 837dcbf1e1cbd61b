// The inflate engines measured where the app runs them: in a Chromium dedicated worker. The
// engines module is bundled with esbuild (tsx's, already installed), served from a routed
// URL (no server), and sent the compressed blobs of the log (transferred).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { collectBlobs } from './engines';
import { CHROMIUM, CHROMIUM_ARGS } from '../../e2e/chromium';

export interface BrowserEngineFigure {
  readonly engine: string;
  readonly system: number;
  readonly tasks: number;
  readonly ok: boolean;
}

export async function measureEnginesInChromium(
  file: string,
  runs = 3,
  maxSamples = Infinity,
): Promise<BrowserEngineFigure[] | string> {
  let bundle: string;
  try {
    const esbuild = await import('esbuild');
    const r = await esbuild.build({
      entryPoints: [join(import.meta.dirname, 'engines-worker.ts')],
      bundle: true,
      format: 'iife',
      write: false,
      target: 'es2022',
    });
    bundle = r.outputFiles[0]!.text;
  } catch (e) {
    return `cannot bundle the engines for the browser: ${String(e)}`;
  }
  const ff = process.env.ATOPVIEW_BENCH_FFLATE?.replace(/esm\/index\.mjs$/, 'umd/index.js');
  const fflate = ff ? readFileSync(ff, 'utf8') : '';
  const { blobs, samples } = await collectBlobs(file, maxSamples);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    const origin = 'http://atopview-bench.invalid';
    await page.route(`${origin}/**`, (route) => {
      const url = route.request().url();
      if (url.endsWith('/worker.js'))
        return route.fulfill({
          contentType: 'text/javascript',
          body: (fflate ? `${fflate}\n` : '') + bundle,
        });
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>engines</title>' });
    });
    await page.goto(`${origin}/`);
    // blobs go in as base64 through the driver, become typed arrays in the page
    const payload = blobs.map((b) => ({
      kind: b.kind,
      input: Buffer.from(b.input).toString('base64'),
      size: b.size,
    }));
    return await page.evaluate(
      async ({ payload, samples, runs }) => {
        const w = new Worker('/worker.js');
        const blobs = payload.map((b) => ({
          kind: b.kind,
          input: Uint8Array.from(atob(b.input), (c) => c.charCodeAt(0)),
          size: b.size,
        }));
        return await new Promise<BrowserEngineFigure[]>((resolve, reject) => {
          w.onmessage = (e: MessageEvent<BrowserEngineFigure[]>) => {
            resolve(e.data);
          };
          w.onerror = (e) => {
            reject(new Error(e.message));
          };
          w.postMessage(
            { blobs, samples, runs },
            blobs.map((b) => b.input.buffer),
          );
        });
      },
      { payload, samples, runs },
    );
  } finally {
    await browser.close();
  }
}
