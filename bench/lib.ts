/** Shared by the benchmarks: medians with spread, child server processes, peak RSS. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function figure(runs: number[]): Figure {
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs };
}

/** Peak resident set size of a process in MB (Linux VmHWM), or of this process. */
export function peakRssMb(pid = process.pid): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    /* not Linux, or the process is gone */
  }
  return pid === process.pid ? process.resourceUsage().maxRSS / 1024 : 0;
}

let peak = 0;
/** Remembers the highest peak RSS seen of any server process of the run. */
export function notePeak(mb: number): void {
  peak = Math.max(peak, mb);
}
export function runPeakRssMb(): number {
  return Math.max(peak, peakRssMb());
}

export interface Child {
  proc: ChildProcess;
  port: number;
  ports: number[];
  stop(): Promise<void>;
}

/**
 * Starts a TypeScript entry point with node itself (so the pid is the process's own: stop() and
 * peak RSS reach it) and waits until its output matches `ready` (groups: ports).
 */
export function startChild(script: string, env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 120_000): Promise<Child> {
  const args = [script];
  return new Promise((resolve, reject) => {
    // BENCH_PROFILE=<dir>: each child writes a V8 CPU profile there when it stops (open in Chrome DevTools).
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : [];
    const proc = spawn(process.execPath, [...profile, '--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not get ready: ${out.slice(-2000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        proc.stdout!.removeListener('data', onData);
        proc.stdout!.resume();
        resolve({
          proc,
          port: Number(m[1]),
          ports: m.slice(1).map(Number),
          stop: () =>
            new Promise<void>((done) => {
              if (proc.exitCode !== null) return done();
              notePeak(peakRssMb(proc.pid!));
              proc.once('exit', () => done());
              proc.kill('SIGTERM');
              setTimeout(() => proc.kill('SIGKILL'), 20_000).unref();
            }),
        });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}: ${out.slice(-2000)}`));
    });
  });
}
