/**
 * `npm run worker`: a background-work process only (scale-out). It shares MONGODB_URI with the
 * API processes and runs the same due work through Agenda; SIGTERM drains jobs in flight.
 */
import { ConfigError, loadConfig } from '../server/config.js';
import { createLogger } from '../server/log.js';
import { startRuntime } from '../server/runtime.js';
import { readVersion } from '../server/version.js';
import { startJobRunner } from './runner.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env, readVersion());
  const log = createLogger(config.LOG_LEVEL).child({ role: 'worker' });
  const rt = await startRuntime(config, log, { role: 'worker' });
  const jobs = await startJobRunner(rt.services, log, config.WORKER_POLL_INTERVAL);
  log.info({ db: rt.db.description }, 'worker running');
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await jobs.stop();
    await rt.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((err: unknown) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `worker could not start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
