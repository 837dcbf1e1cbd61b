// Every process the benchmark starts goes through here: each runs in its own process group,
// and all groups are killed when the benchmark exits, however it exits (normal end, thrown
// error, Ctrl-C, SIGTERM). Nothing is killed by name.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const groups = new Set<number>();
let hooked = false;

function killAll(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, signal);
    } catch {
      // already gone
    }
  }
  groups.clear();
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    killAll();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(sig, () => {
      killAll();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  process.on('uncaughtException', (e) => {
    killAll();
    process.stderr.write(`bench: ${e.stack ?? String(e)}\n`);
    process.exit(1);
  });
}

/** Starts a command as the leader of a new process group that is killed at exit. */
export function startGroup(cmd: string, args: readonly string[], opts: SpawnOptions = {}): ChildProcess {
  hook();
  const child = spawn(cmd, args, { stdio: 'ignore', ...opts, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  groups.add(child.pid);
  child.on('exit', () => {
    // the leader is gone, but members of its group may live on: keep the group until stopGroup
  });
  return child;
}

/** Kills a group started by startGroup (all its members) and waits for the leader to go. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined || !groups.has(pgid)) return;
  const gone = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child);
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
  groups.delete(pgid);
  await gone;
}

function once(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion in its own group (killed on timeout or benchmark exit). */
export function run(
  cmd: string,
  args: readonly string[],
  opts: {
    readonly timeoutMs?: number;
    readonly stdout?: 'capture' | 'ignore';
    readonly env?: NodeJS.ProcessEnv;
  } = {},
): Promise<RunResult> {
  const capture = opts.stdout !== 'ignore';
  const t0 = performance.now();
  const child = startGroup(cmd, args, {
    stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'],
    env: opts.env ?? process.env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr
    ?.setEncoding('utf8')
    .on('data', (d: string) => (stderr += d.length > 100_000 ? d.slice(0, 1000) : d));
  const timer =
    opts.timeoutMs === undefined
      ? null
      : setTimeout(() => {
          void stopGroup(child);
        }, opts.timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = performance.now() - t0;
      if (timer) clearTimeout(timer);
      void stopGroup(child).then(() => {
        resolve({ code, signal, ms, stdout, stderr });
      });
    });
  });
}
