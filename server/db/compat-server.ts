/**
 * The MongoDB-compatible fallback: mongo-java-server in memory, for machines that can neither find
 * nor download a `mongod`. Maven resolves it once and javac compiles the launcher once; both are
 * cached under node_modules/.cache/retainly-compat (keyed by the launcher's sources), so a second
 * start takes about a second. Runnable as a script to warm that cache: `tsx server/db/compat-server.ts`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const sourceDir = join(here, 'compat');
const root = resolve(here, '..', '..');
const READY = /RETAINLY_COMPAT_READY port=(\d+)/;
const START_TIMEOUT_MS = 60_000;

interface Prepared {
  classpath: string;
}

function cacheDir(): string {
  const key = createHash('sha256')
    .update(readFileSync(join(sourceDir, 'pom.xml')))
    .update(readFileSync(join(sourceDir, 'Launcher.java')))
    .digest('hex')
    .slice(0, 12);
  return join(root, 'node_modules', '.cache', 'retainly-compat', key);
}

/** Resolves the jars with Maven and compiles the launcher, unless a valid cache exists. */
export async function prepareCompatServer(log: (msg: string) => void = () => {}): Promise<Prepared> {
  const dir = cacheDir();
  const cpFile = join(dir, 'classpath.txt');
  const classFile = join(dir, 'Launcher.class');
  if (existsSync(cpFile) && existsSync(classFile)) {
    const cached = readFileSync(cpFile, 'utf8').trim();
    if (cached.split(':').every((jar) => existsSync(jar))) return { classpath: `${dir}:${cached}` };
  }
  mkdirSync(dir, { recursive: true });
  log('resolving mongo-java-server with Maven (first start only)');
  await run('mvn', ['-q', '-B', '-f', join(sourceDir, 'pom.xml'), 'dependency:build-classpath', `-Dmdep.outputFile=${cpFile}`], { maxBuffer: 16 * 1024 * 1024 }).catch((err: Error & { stderr?: string; stdout?: string }) => {
    throw new Error(`Maven could not resolve mongo-java-server (is Maven installed and Maven Central reachable?): ${(err.stdout ?? '') + (err.stderr ?? err.message)}`.slice(0, 2000));
  });
  const classpath = readFileSync(cpFile, 'utf8').trim();
  await run('javac', ['-nowarn', '-d', dir, '-cp', classpath, join(sourceDir, 'Launcher.java')]).catch((err: Error & { stderr?: string }) => {
    throw new Error(`javac could not compile the launcher (is a JDK 17+ installed?): ${err.stderr ?? err.message}`.slice(0, 2000));
  });
  writeFileSync(cpFile, classpath);
  return { classpath: `${dir}:${classpath}` };
}

function waitForReady(child: ChildProcess): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`the compatible server did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${e.message}\n${err.split('\n').slice(-10).join('\n')}`));
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = READY.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-8_000);
    });
    child.once('exit', (code) => fail(new Error(`the compatible server exited with code ${code}`)));
  });
}

export async function startCompatServer(opts: { log?: (msg: string) => void; port?: number } = {}): Promise<{ uri: string; pid: number; stop(): Promise<void> }> {
  const { classpath } = await prepareCompatServer(opts.log);
  const child = spawn('java', ['-XX:+UseParallelGC', '-Xss1m', '-cp', classpath, 'Launcher', String(opts.port ?? 0)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const port = await waitForReady(child);
  child.stdout!.resume();
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    pid: child.pid!,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// As a script: warm the cache and prove the server starts.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const server = await startCompatServer({ log: (m) => process.stdout.write(`${m}\n`) });
  process.stdout.write(`compatible server ready at ${server.uri} in ${Date.now() - started} ms\n`);
  await server.stop();
}
