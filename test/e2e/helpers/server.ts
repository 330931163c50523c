/**
 * Starts Retainly the way a user does (`tsx server/main.ts`), on a free port with a manual clock,
 * known admin credentials and API key; waits for the ready banner and reads the catcher's port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunningServer {
  baseUrl: string;
  apiKey: string;
  admin: { email: string; password: string };
  smtpPort: number;
  /** The embedded database the server printed (tests that stage what only a fault can produce). */
  mongoUri: string;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** The ports set aside for browser-test runs on shared machines; E2E_PORTS="3120-3129" picks others. */
function portRange(spec = process.env.E2E_PORTS): number[] {
  const m = spec ? /^(\d{2,5})-(\d{2,5})$/.exec(spec) : null;
  if (!m) return [3104, 3105, 3106, 3107, 3108, 3109];
  return Array.from({ length: Math.max(0, Number(m[2]) - Number(m[1]) + 1) }, (_, i) => Number(m[1]) + i);
}
const PORTS = portRange();

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port, '0.0.0.0');
  });
}

async function freePort(): Promise<number> {
  for (const p of PORTS) if (await portFree(p)) return p;
  throw new Error(`No free port among ${PORTS.join(', ')}`);
}

function waitForBanner(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`The server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      // The banner ends with a blank line after the login line.
      if (/is running[\s\S]*login:.*\n\s*\n/.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code} before it was ready:\n${out}`));
    });
  });
}

export async function startServer(): Promise<RunningServer> {
  const port = await freePort();
  const admin = { email: 'admin@e2e.example.com', password: 'e2e-admin-password' };
  const apiKey = `rk_e2e_${Math.random().toString(36).slice(2)}_bootstrap`;
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), CLOCK_MODE: 'manual', ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, API_KEY: apiKey, LOG_LEVEL: 'warn', MONGODB_URI: '', SMTP_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const banner = await waitForBanner(child, 120_000);
  const smtp = /embedded catcher at smtp:\/\/127\.0\.0\.1:(\d+)/.exec(banner);
  if (!smtp) throw new Error(`No embedded catcher in the banner:\n${banner}`);
  const db = /database: .* at (mongodb:\/\/\S+)/.exec(banner);
  if (!db) throw new Error(`No embedded database address in the banner:\n${banner}`);
  return {
    baseUrl: `http://localhost:${port}`,
    apiKey,
    admin,
    smtpPort: Number(smtp[1]),
    mongoUri: db[1]!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        // Its own process group: tsx, the node process and the embedded database stop together.
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
}
