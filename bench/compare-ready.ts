// Before / after in one run: the browser figures of two builds of the app served side by
// side (e.g. main's dist and this branch's), on the same log, runs alternating so that the
// machine's load hits both alike. `npx tsx bench/compare-ready.ts URL_A URL_B FILE [RUNS]`.
import { measureBrowser, type BrowserFigures } from './browser';

const [a, b, file, n] = process.argv.slice(2);
if (!a || !b || !file) {
  console.error('usage: compare-ready.ts URL_A URL_B FILE [RUNS]');
  process.exit(2);
}
const runs = Number(n ?? 3);
const got: Record<string, BrowserFigures[]> = { [a]: [], [b]: [] };
for (let k = 0; k < runs; k++)
  for (const url of [a, b]) {
    const r = await measureBrowser([{ file, rows: 1 }], undefined, url, 1);
    if (r.skipped) throw new Error(r.skipped);
    got[url]!.push(r.figures[0]!);
    console.error(`run ${k + 1} ${url}: ready ${r.figures[0]!.readyMs?.toFixed(0)} ms`);
  }
const median = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null).sort((p, q) => p - q);
  return v.length ? v[(v.length - 1) >> 1]! : null;
};
for (const url of [a, b]) {
  const f = got[url]!;
  const row = (k: keyof BrowserFigures) =>
    `${k} ${f.map((x) => Number(x[k]).toFixed(1)).join('/')} (median ${median(f.map((x) => x[k] as number | null))?.toFixed(1)})`;
  console.log(
    `${url}\n  ${['firstRowMs', 'readyMs', 'chartsMs', 'hoverMs', 'seriesMB', 'longestTaskMs', 'peakRendererRssMB'].map((k) => row(k as keyof BrowserFigures)).join('\n  ')}`,
  );
}
