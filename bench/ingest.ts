/**
 * Ingestion: POST /api/v1/events in batches of 500 (profile updates, 50 segments evaluated incrementally),
 * over real HTTP, versus a bare driver insertMany of the same documents, in the same run.
 * Usage: tsx bench/ingest.ts [events=50000]
 */
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { buildApp } from '../server/app.js';
import { ManualClock } from '../server/clock.js';
import { connectDatabase, startDatabase } from '../server/db/connect.js';
import { createLogger } from '../server/log.js';
import { createServices } from '../server/services.js';
import { mixedRules } from './segments.js';

export interface IngestFigures {
  eventsPerSec: number;
  bareInsertManyPerSec: number;
  ratio: number;
}

const BATCH = 500;

function makeEvents(n: number, customers: number, seed = 1): Record<string, unknown>[] {
  let x = seed;
  const rand = (): number => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const types = ['page_viewed', 'product_viewed', 'cart_updated', 'order_placed', 'email_opened'];
  return Array.from({ length: n }, (_, i) => {
    const type = types[Math.floor(rand() * types.length)]!;
    const properties: Record<string, unknown> =
      type === 'order_placed' ? { orderId: `o-${i}`, total: Math.round(rand() * 30000) / 100, currency: 'EUR' } : type === 'cart_updated' ? { total: 42.5, currency: 'EUR', items: [{ sku: 'A', quantity: 1, price: 42.5 }] } : { url: `https://shop.example/p/${i % 500}` };
    return { type, email: `c${Math.floor(rand() * customers)}@example.com`, occurredAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 86_400_000 * 30)).toISOString(), properties };
  });
}

export async function benchIngest(uri: string, total = 50_000): Promise<IngestFigures> {
  const log = createLogger('silent');
  const conn = await connectDatabase(uri, `bench_ingest_${Date.now()}`);
  const services = createServices({ conn, clock: new ManualClock(new Date('2026-02-01T00:00:00Z')), secret: 'b'.repeat(32), log, publicUrl: 'http://localhost', mailFrom: 'a@b.c', smtpUrl: 'smtp://127.0.0.1:1' });
  await services.syncIndexes();
  // 50 segments of mixed shapes (field, event, time-relative, inSegment): every batch re-evaluates them.
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) ids.push((await services.segments.create({ name: `ingest ${i}`, rules: mixedRules(i, ids) as never })).id);
  await services.registry.advance(services.clock.now());
  const key = (await services.auth.createApiKey('bench', 'admin')).key;
  const app = buildApp({ config: { PUBLIC_URL: 'http://localhost', version: 'bench' }, log, services, catcherEnabled: false, smtpStatus: async () => 'ok' });
  const server = app.listen(0);
  const port = (server.address() as AddressInfo).port;
  const events = makeEvents(total, Math.floor(total / 5));

  const t0 = performance.now();
  for (let i = 0; i < events.length; i += BATCH) {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ events: events.slice(i, i + BATCH) }),
    });
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  }
  const apiMs = performance.now() - t0;

  // The same documents as stored, inserted bare into another collection.
  const docs = events.map((e) => ({ _id: new Types.ObjectId(), customerId: new Types.ObjectId(), type: e.type, occurredAt: new Date(e.occurredAt as string), receivedAt: new Date(), properties: e.properties }));
  const bare = conn.db!.collection('bare_events');
  const t1 = performance.now();
  for (let i = 0; i < docs.length; i += BATCH) await bare.insertMany(docs.slice(i, i + BATCH), { ordered: false });
  const bareMs = performance.now() - t1;

  server.close();
  await conn.dropDatabase();
  await conn.close();
  const eventsPerSec = (total / apiMs) * 1000;
  const bareInsertManyPerSec = (total / bareMs) * 1000;
  return { eventsPerSec, bareInsertManyPerSec, ratio: eventsPerSec / bareInsertManyPerSec };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const db = await startDatabase(process.env.MONGODB_URI, createLogger('warn'));
  const total = Number(process.argv[2] ?? 50_000);
  const f = await benchIngest(db.uri, total);
  process.stdout.write(`database: ${db.description}\nevents: ${total} in batches of ${BATCH}\n`);
  process.stdout.write(`ingest.eventsPerSec        ${f.eventsPerSec.toFixed(0)}\ningest.bareInsertManyPerSec ${f.bareInsertManyPerSec.toFixed(0)}\ningest.ratio               ${f.ratio.toFixed(3)}\n`);
  await db.stop();
}
