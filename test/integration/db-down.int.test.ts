/**
 * The database going away: the API answers 503 `unavailable` (not 500, not a hang), /health says
 * db "down", and both recover by themselves when the database is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { buildApp } from '../../server/app.js';
import { RealClock } from '../../server/clock.js';
import { connectDatabase } from '../../server/db/connect.js';
import { startCompatServer } from '../../server/db/compat-server.js';
import { createLogger } from '../../server/log.js';
import { createServices, type Services } from '../../server/services.js';
import type { Connection } from 'mongoose';

let server: Awaited<ReturnType<typeof startCompatServer>>;
let port: number;
let conn: Connection;
let services: Services;
let agent: supertest.Agent;
let key: string;

beforeAll(async () => {
  server = await startCompatServer();
  port = Number(new URL(server.uri).port);
  conn = await connectDatabase(server.uri, 'dbdown');
  const log = createLogger('silent');
  services = createServices({ conn, clock: new RealClock(), secret: 'x'.repeat(32), log, publicUrl: 'http://localhost:3000', mailFrom: 'a@b.c', smtpUrl: 'smtp://127.0.0.1:1' });
  await services.syncIndexes();
  key = (await services.auth.createApiKey('t', 'admin')).key;
  agent = supertest.agent(buildApp({ config: { PUBLIC_URL: 'http://localhost:3000', version: 't' }, log, services, catcherEnabled: false, smtpStatus: async () => 'ok' }));
});

afterAll(async () => {
  await conn.close().catch(() => undefined);
  await server.stop();
});

describe('in real clock mode', () => {
  it('answers a clock advance with 409', async () => {
    const res = await agent.post('/api/v1/clock/advance').set('Authorization', `Bearer ${key}`).send({ by: '1h' }).expect(409);
    expect(res.body.error.code).toBe('conflict');
  });
});

describe('when the database is down', () => {
  it('answers 503 unavailable, reports db down, and recovers when the database returns', async () => {
    await agent.post('/api/v1/customers').set('Authorization', `Bearer ${key}`).send({ email: 'before@example.com' }).expect(201);
    await server.stop();

    const write = await agent.post('/api/v1/events').set('Authorization', `Bearer ${key}`).send({ type: 'page_viewed', email: 'during@example.com' });
    expect(write.status).toBe(503);
    expect(write.body.error.code).toBe('unavailable');
    const read = await agent.get('/api/v1/customers').set('Authorization', `Bearer ${key}`);
    expect(read.status).toBe(503);
    const health = await agent.get('/health');
    expect(health.status).toBe(503);
    expect(health.body.db).toBe('down');

    // The same port again (an in-memory server: the data is gone, the service is back).
    server = await startCompatServer({ port });
    let status = 0;
    for (let i = 0; i < 60 && status !== 201; i++) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await agent.post('/api/v1/customers').set('Authorization', `Bearer ${key}`).send({ email: 'after@example.com' })).status;
      if (status === 401) {
        // The API keys were in the lost in-memory database: create one again.
        key = (await services.auth.createApiKey('t', 'admin').catch(() => ({ key }))).key;
      }
    }
    expect(status).toBe(201);
    expect((await agent.get('/health')).body.db).toBe('ok');
  }, 60_000);
});
