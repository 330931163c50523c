/**
 * Real Retainly processes for fault tests: `server/main.ts` and `jobs/worker.ts` started with node
 * itself (the pid is the process's own, so SIGTERM and SIGKILL reach it), on a database of the
 * test run's server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { inject } from 'vitest';

export interface Proc {
  proc: ChildProcess;
  port: number;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
  signal(sig: NodeJS.Signals): void;
}

export const dbUri = (dbName: string): string => inject('mongoUri').replace(/\/?$/, `/${dbName}`);

function start(script: string, env: NodeJS.ProcessEnv, ready: RegExp | null): Promise<Proc> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const handle = (port: number): Proc => ({ proc, port, exited, signal: (sig) => void (proc.exitCode === null && proc.kill(sig)) });
  if (!ready) {
    proc.stdout!.resume();
    proc.stderr!.pipe(process.stderr);
    return Promise.resolve(handle(0));
  }
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not get ready:\n${out}`)), 120_000);
    proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(handle(Number(m[1])));
      }
    });
    void exited.then((code) => reject(new Error(`${script} exited with ${code}:\n${out}`)));
  });
}

/** `npm start` on `dbName`, real clock, any free port; resolves once it listens. */
export function startApi(dbName: string, env: NodeJS.ProcessEnv): Promise<Proc> {
  return start('server/main.ts', { MONGODB_URI: dbUri(dbName), PORT: '0', CLOCK_MODE: 'real', ...env }, /listening on port (\d+)/);
}

/** `npm run worker` on `dbName`. */
export function startWorker(dbName: string, env: NodeJS.ProcessEnv): Promise<Proc> {
  return start('jobs/worker.ts', { MONGODB_URI: dbUri(dbName), CLOCK_MODE: 'real', WORKER_POLL_INTERVAL: '1s', CLAIM_LEASE: '5s', ...env }, null);
}
