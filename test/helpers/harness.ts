/**
 * A running Retainly for one test file: a fresh database on the shared server, every service
 * wired as in production, the express app (driven in-process with supertest), a manual clock,
 * admin/marketer/viewer API keys, and optionally the SMTP catcher.
 */
import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { inject } from 'vitest';
import type { Connection } from 'mongoose';
import { buildApp } from '../../server/app.js';
import { ManualClock } from '../../server/clock.js';
import { connectDatabase } from '../../server/db/connect.js';
import { createLogger } from '../../server/log.js';
import { startCatcher, type Catcher } from '../../server/mail/catcher.js';
import { createServices, type Services } from '../../server/services.js';

export interface Harness {
  conn: Connection;
  services: Services;
  clock: ManualClock;
  app: ReturnType<typeof buildApp>;
  catcher: Catcher | null;
  keys: { admin: string; marketer: string; viewer: string };
  /** supertest agent with the admin key preset on every request. */
  api: {
    get(path: string): supertest.Test;
    post(path: string, body?: unknown): supertest.Test;
    patch(path: string, body?: unknown): supertest.Test;
    delete(path: string): supertest.Test;
  };
  raw: supertest.Agent;
  close(): Promise<void>;
}

export async function startHarness(opts: { start?: Date; catcher?: boolean } = {}): Promise<Harness> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'silent');
  const dbName = `t_${randomBytes(6).toString('hex')}`;
  const conn = await connectDatabase(inject('mongoUri'), dbName);
  const clock = new ManualClock(opts.start ?? new Date('2026-01-05T12:00:00Z'));
  const catcher = opts.catcher ? await startCatcher(conn.db!, log) : null;
  const services = createServices({
    conn,
    clock,
    secret: randomBytes(32).toString('hex'),
    log,
    publicUrl: 'http://localhost:3000',
    mailFrom: '"Retainly Test" <news@example.com>',
    smtpUrl: catcher?.url ?? 'smtp://127.0.0.1:1',
  });
  await services.syncIndexes();
  const app = buildApp({ config: { PUBLIC_URL: 'http://localhost:3000', version: 'test' }, log, services, catcherEnabled: !!catcher, smtpStatus: async () => 'embedded' });
  const admin = (await services.auth.createApiKey('test admin', 'admin')).key;
  const marketer = (await services.auth.createApiKey('test marketer', 'marketer')).key;
  const viewer = (await services.auth.createApiKey('test viewer', 'viewer')).key;
  const raw = supertest.agent(app);
  const auth = (t: supertest.Test): supertest.Test => t.set('Authorization', `Bearer ${admin}`);
  return {
    conn,
    services,
    clock,
    app,
    catcher,
    keys: { admin, marketer, viewer },
    raw,
    api: {
      get: (p) => auth(raw.get(p)),
      post: (p, body) => (body === undefined ? auth(raw.post(p)) : auth(raw.post(p)).send(body as object)),
      patch: (p, body) => auth(raw.patch(p)).send(body as object),
      delete: (p) => auth(raw.delete(p)),
    },
    async close() {
      // The pooled SMTP connections first: the catcher waits for open connections when it stops.
      await services.mailer.close();
      await catcher?.stop();
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    },
  };
}
