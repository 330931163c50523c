/**
 * `npm run demo`: Retainly on the embedded defaults with a manual clock that starts DEMO_WEEKS
 * back, a generated shop of DEMO_CUSTOMERS customers loaded through the API, the starter cadences
 * active, and the weeks simulated hour by hour with customers reacting to their emails. The server
 * then keeps running with the results (the clock stands at about now), ready to explore.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../server/app.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { createLogger } from '../server/log.js';
import { startRuntime } from '../server/runtime.js';
import { readVersion } from '../server/version.js';
import { ensureClientBuild } from '../server/web/client-build.js';
import { RetainlyApi } from './api.js';
import { SHOP_URL } from './catalogue.js';
import { parseDemoOptions } from './options.js';
import { runDemo } from './run.js';
import { DAY, HOUR } from './store.js';
import { formatSummary, int, money, pct } from './summary.js';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const began = performance.now();
  let parsed;
  let config;
  try {
    parsed = parseDemoOptions(process.argv.slice(2), process.env);
    // The demo's own defaults: a quiet console, a shop with a name, and always the manual clock.
    config = loadConfig({ LOG_LEVEL: 'warn', COMPANY_NAME: 'Northwind Outdoor', COMPANY_ADDRESS: 'Hafenstraße 12, 20457 Hamburg, Germany', COMPANY_URL: SHOP_URL, ...parsed.env, CLOCK_MODE: 'manual' }, readVersion());
  } catch (err) {
    if (err instanceof ConfigError || err instanceof Error) fail(err.message);
    throw err;
  }
  const { options } = parsed;
  const log = createLogger(config.LOG_LEVEL);
  const webClientDir = await ensureClientBuild(say);
  // The simulated weeks end about now: the demo's data reads as the last few weeks.
  const start = new Date(Math.floor(Date.now() / HOUR) * HOUR - options.weeks * 7 * DAY);
  const rt = await startRuntime(config, log, { role: 'api', clockStart: start });
  const { services } = rt;
  const bootstrap = await services.auth.ensureBootstrapKey(config.API_KEY);
  const key = config.API_KEY ?? bootstrap ?? (await services.auth.createApiKey('demo', 'admin')).key;
  const admin = await services.auth.ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
  services.tracking.buffer.start(1_000);
  const app = buildApp({ config, log, services, catcherEnabled: rt.catcher !== null, smtpStatus: async () => (rt.catcher ? 'embedded' : 'ok'), webClientDir });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.PORT, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    // Ctrl-C may come mid-simulation: the demo's own keep-alive sockets are closed with the rest,
    // and a stop that hangs on anything is cut short.
    setTimeout(() => process.exit(130), 5_000).unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    await rt.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  say(`Retainly demo: ${int(options.customers)} customers, ${options.weeks} weeks, seed ${options.seed}; database: ${rt.db.description}`);
  const api = new RetainlyApi(`http://127.0.0.1:${port}`, key);
  const existing = await api.get<{ items: unknown[] }>('/api/v1/customers?limit=1');
  if (existing.items.length) fail('The database already holds customers: the demo needs an empty one (unset MONGODB_URI to use the embedded one).');

  const run = await runDemo(api, { ...options, progress: say });
  const t = run.summary.totals;
  const minutes = (performance.now() - began) / 60_000;
  say('');
  say(`Done in ${minutes.toFixed(1)} min (simulation ${(run.simulation.ms / 60_000).toFixed(1)} min, of which Retainly's clock advances ${(run.simulation.advanceMs / 60_000).toFixed(1)} min).`);
  say(`  ${int(run.store.customers.length)} customers, ${int(run.load.events + run.simulation.events)} shop events, ${int(t.sent)} emails sent`);
  say(`  human open rate ${pct(t.openRate)}, click rate ${pct(t.clickRate)}, ${int(t.conversions)} conversions, ${money(t.revenue)} revenue, ${int(t.unsubscribes)} unsubscribed, ${int(t.bounces)} bounced, ${int(t.machineOpens)} machine opens left out of the rates`);
  if (run.simulation.failures.length) say(`  ${run.simulation.failures.length} tracking requests answered unexpectedly, e.g. ${run.simulation.failures[0]}`);
  say('');
  for (const line of formatSummary(run.summary)) say(line);
  say('');
  say(`Retainly keeps running with these results (Ctrl-C to stop); the clock stands at ${run.simulation.until.toISOString().slice(0, 16)}Z (manual).`);
  say(`  web client and API: ${config.PUBLIC_URL}`);
  if (admin) say(`  login:              ${admin.email} / ${admin.password}`);
  else say(`  login:              ${config.ADMIN_EMAIL ?? 'the existing admin'} (ADMIN_PASSWORD)`);
  say(`  API key (admin):    ${key}`);
  say(`  try:                curl -s ${config.PUBLIC_URL}/api/v1/reports/segments -H "Authorization: Bearer ${key}"`);
  api.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`The demo could not run: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
