// The benchmark's workload, built from the machine's own atop and cached in bench/out/:
//   record.raw  `atop -w` of REC_SAMPLES one-second samples while IDLE sleeping processes,
//               a multi-threaded one, BUSY spinning ones and some churn run
//   day.raw     scaled to 1,440 one-minute samples (a day)
//   big.raw     scaled to >= 1 GiB
// Every scaled file is checked with `atop -r FILE -P CPU` (one CPU line per sample).
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRecorded, meanRecordBytes, writeScaled } from './scale';
import { run, startGroup, stopGroup } from './procs';

export const OUT = join(import.meta.dirname, '..', 'out');

export interface WorkloadParams {
  readonly idle: number;
  readonly busy: number;
  readonly recSamples: number;
  readonly daySamples: number;
  readonly bigBytes: number;
}

export const DEFAULT_PARAMS: WorkloadParams = {
  idle: 1600,
  busy: 2,
  recSamples: 121,
  daySamples: 1440,
  bigBytes: 2 ** 30,
};

export interface ScaledFile {
  readonly path: string;
  readonly samples: number;
  readonly bytes: number;
}

export interface Workload {
  readonly recorded: ScaledFile & { readonly atop: string };
  readonly day: ScaledFile;
  readonly big: ScaledFile | null;
}

const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

async function atopVersion(): Promise<string> {
  const r = await run('atop', ['-V']);
  return /Version:\s*(\S+)/.exec(r.stdout + r.stderr)?.[1] ?? 'unknown';
}

async function countTasks(): Promise<number> {
  const r = await run('ps', ['-eLf', '--no-headers']);
  return r.stdout.split('\n').filter((l) => l.length > 0).length;
}

async function record(p: WorkloadParams, path: string): Promise<void> {
  const lifetime = p.recSamples + 120;
  log(
    `recording ${p.recSamples} samples with ${p.idle} idle + ${p.busy} busy processes (~${p.recSamples + 10} s)`,
  );
  const load = startGroup('bash', [
    join(import.meta.dirname, 'load.sh'),
    join(OUT, 'bin'),
    String(p.idle),
    String(p.busy),
    String(lifetime),
  ]);
  try {
    // wait until the idle processes are all up
    const want = p.idle;
    for (let i = 0; i < 60; i++) {
      const n = await countTasks();
      if (n >= want + 20) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    log(`${await countTasks()} tasks running; atop -w`);
    const tmp = path + '.part';
    const a = await run('atop', ['-w', tmp, '1', String(p.recSamples)], {
      timeoutMs: (p.recSamples + 60) * 1000,
    });
    if (a.code !== 0) throw new Error(`atop -w failed (${a.code ?? a.signal}): ${a.stderr}`);
    renameSync(tmp, path);
  } finally {
    await stopGroup(load);
  }
}

/** Checks that atop reads the file: one CPU line per sample, exit status 0. */
async function validate(f: ScaledFile): Promise<void> {
  const stamp = f.path + '.valid';
  const st = statSync(f.path);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === `${st.size} ${st.mtimeMs}`) return;
  log(`validating ${f.path} with atop -r -P CPU`);
  const r = await run('atop', ['-r', f.path, '-P', 'CPU'], { timeoutMs: 30 * 60_000 });
  let cpu = 0;
  for (let at = r.stdout.indexOf('\nCPU '); at >= 0; at = r.stdout.indexOf('\nCPU ', at + 1)) cpu++;
  if (r.code !== 0 || cpu !== f.samples)
    throw new Error(
      `atop -r ${f.path}: exit ${r.code ?? r.signal}, ${cpu} CPU lines for ${f.samples} samples`,
    );
  writeFileSync(stamp, `${st.size} ${st.mtimeMs}`);
}

function paramsKey(p: WorkloadParams): string {
  return JSON.stringify({ idle: p.idle, busy: p.busy, recSamples: p.recSamples, load: 3 });
}

export async function ensureWorkload(p: WorkloadParams = DEFAULT_PARAMS, withBig = true): Promise<Workload> {
  mkdirSync(OUT, { recursive: true });
  const rec = join(OUT, 'record.raw');
  const meta = join(OUT, 'record.json');
  const cached =
    existsSync(rec) &&
    existsSync(meta) &&
    (JSON.parse(readFileSync(meta, 'utf8')) as { key?: string }).key === paramsKey(p);
  if (!cached) {
    await record(p, rec);
    writeFileSync(
      meta,
      JSON.stringify({ key: paramsKey(p), atop: await atopVersion(), at: new Date().toISOString() }),
    );
  }
  const atop = (JSON.parse(readFileSync(meta, 'utf8')) as { atop: string }).atop;
  const src = await loadRecorded(rec);
  const recorded = { path: rec, samples: src.records.length, bytes: statSync(rec).size, atop };
  const scaled = async (name: string, samples: number): Promise<ScaledFile> => {
    const path = join(OUT, name);
    const fresh =
      existsSync(path) &&
      statSync(path).mtimeMs >= statSync(rec).mtimeMs &&
      existsSync(path + '.samples') &&
      readFileSync(path + '.samples', 'utf8') === String(samples);
    if (!fresh) {
      log(`writing ${name}: ${samples} samples`);
      writeScaled(src, path, samples);
      writeFileSync(path + '.samples', String(samples));
    }
    const f = { path, samples, bytes: statSync(path).size };
    await validate(f);
    return f;
  };
  const day = await scaled('day.raw', p.daySamples);
  const big = withBig
    ? await scaled('big.raw', Math.ceil((p.bigBytes - src.headerLen) / meanRecordBytes(src)) + 1)
    : null;
  return { recorded, day, big };
}
