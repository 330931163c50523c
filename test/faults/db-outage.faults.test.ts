/**
 * The database stops answering for 10 s during ingestion (the server process is frozen with
 * SIGSTOP, so its data survives, as a stalled primary or a network partition would): the API
 * answers 503 meanwhile, recovers by itself, and no accepted event is lost or counted twice.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { ManualClock } from '../../server/clock.js';
import { connectDatabase } from '../../server/db/connect.js';
import { startCompatServer } from '../../server/db/compat-server.js';
import { createLogger } from '../../server/log.js';
import { createServices, type Services } from '../../server/services.js';
import type { Connection } from 'mongoose';

let db: Awaited<ReturnType<typeof startCompatServer>>;
let conn: Connection;
let services: Services;
let base: string;
let key: string;
let close: () => void;

beforeAll(async () => {
  db = await startCompatServer();
  conn = await connectDatabase(db.uri, 'outage');
  const log = createLogger('silent');
  services = createServices({ conn, clock: new ManualClock(new Date('2026-03-01T00:00:00Z')), secret: 's'.repeat(40), log, publicUrl: 'http://localhost', mailFrom: 'a@b.c', smtpUrl: 'smtp://127.0.0.1:1' });
  await services.syncIndexes();
  key = (await services.auth.createApiKey('t', 'admin')).key;
  const server = buildApp({ config: { PUBLIC_URL: 'http://localhost', version: 't' }, log, services, catcherEnabled: false, smtpStatus: async () => 'ok' }).listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(async () => {
  close();
  process.kill(db.pid, 'SIGCONT');
  await conn.close();
  await db.stop();
});

describe('a 10 s database outage during ingestion', () => {
  it('answers 503 meanwhile and loses no accepted event', async () => {
    const statuses: Record<number, number> = {};
    const send = async (i: number): Promise<number> => {
      const events = Array.from({ length: 10 }, (_, j) => ({ type: 'order_placed', email: `o${i % 50}@example.com`, idempotencyKey: `k-${i}-${j}`, properties: { orderId: `O-${i}-${j}`, total: 1 } }));
      const res = await fetch(`${base}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }), signal: AbortSignal.timeout(30_000) }).catch(() => null);
      const status = res?.status ?? 0;
      statuses[status] = (statuses[status] ?? 0) + 1;
      return status;
    };
    const batches = 300;
    const failed: number[] = [];
    const start = Date.now();
    let frozen = false;
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < batches; i++) {
      // 10 batches a second for 30 s; the database freezes from 10 s to 20 s.
      const at = start + i * 100;
      await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
      if (!frozen && Date.now() - start >= 10_000) {
        process.kill(db.pid, 'SIGSTOP');
        frozen = true;
        setTimeout(() => process.kill(db.pid, 'SIGCONT'), 10_000);
      }
      inflight.push(send(i).then((s) => void (s !== 202 && failed.push(i))));
    }
    await Promise.all(inflight);
    process.stdout.write(`[outage] statuses during the run: ${JSON.stringify(statuses)}\n`);
    expect(statuses[503] ?? 0).toBeGreaterThan(0);
    expect(Object.keys(statuses).filter((s) => s !== '202' && s !== '503')).toEqual([]);
    // A client retries what was refused; the idempotency keys make retries safe.
    for (const i of failed) expect(await send(i)).toBe(202);
    const total = await services.events.collection.countDocuments({ idempotencyKey: { $regex: '^k-' } });
    expect(total).toBe(batches * 10);
    const customers = await services.customers.collection.find({ emailKey: { $regex: '^o\\d+@' } }).toArray();
    expect(customers.reduce((n, c) => n + c.stats.ordersCount, 0)).toBe(batches * 10);
  });
});
