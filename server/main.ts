/**
 * `npm start`: API + worker + web client in one process, on embedded defaults. The only place
 * where the HTTP app and the background jobs are wired together.
 */
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { buildApp } from './app.js';
import { EMBEDDED_DB_NAME, startRuntime } from './runtime.js';
import { startJobRunner } from '../jobs/runner.js';
import { readVersion } from './version.js';
import { ensureClientBuild } from './web/client-build.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, readVersion());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  const say = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const webClientDir = await ensureClientBuild(say);
  const rt = await startRuntime(config, log, { role: 'api' });
  const { services } = rt;
  const bootstrapKey = await services.auth.ensureBootstrapKey(config.API_KEY);
  const admin = await services.auth.ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
  const jobs = await startJobRunner(services, log, config.WORKER_POLL_INTERVAL);
  // Tracking hits are written in bulk every second (contract: recorded within 2 s); shutdown flushes the rest.
  services.tracking.buffer.start(1_000);

  const app = buildApp({ config, log, services, catcherEnabled: rt.catcher !== null, smtpStatus: async () => (rt.catcher ? 'embedded' : 'ok'), webClientDir });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.PORT, () => resolve(s));
  });

  say('');
  say(`Retainly ${config.version} is running`);
  say(`  API and web client: ${config.PUBLIC_URL}  (listening on port ${(server.address() as { port: number }).port})`);
  // An embedded database is reachable while this runs: `MONGODB_URI=<it> npm run worker` adds a worker.
  say(`  database:           ${rt.db.description}${rt.db.kind === 'external' ? '' : ` at ${rt.db.uri.replace(/\/?$/, `/${EMBEDDED_DB_NAME}`)}`}`);
  say(`  SMTP:               ${rt.catcher ? `embedded catcher at ${rt.smtpUrl} (captured mail: GET /api/v1/outbox)` : 'SMTP_URL'}`);
  say(`  clock:              ${config.CLOCK_MODE}`);
  if (bootstrapKey) say(`  API key (admin):    ${bootstrapKey}   <- shown once; set API_KEY to choose your own`);
  else say(`  API key (admin):    ${config.API_KEY ? 'from API_KEY' : 'the one printed at first start'}`);
  if (admin) say(`  login:              ${admin.email} / ${admin.password}   <- shown once`);
  say('');

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new requests, finishing work in flight');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await jobs.stop();
    await rt.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Retainly could not start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
