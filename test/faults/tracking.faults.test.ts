/**
 * Tracking under process faults, with real `npm start` processes (real clock, hits buffered in
 * memory and flushed every second):
 * - a restart under load (SIGTERM, then a new process): the graceful shutdown writes what was
 *   buffered, so every hit that was answered is recorded;
 * - a crash (SIGKILL): what was buffered since the last flush is lost, and nothing older. The
 *   README states the window: one flush interval (1 s) plus a flush in flight.
 */
import { randomBytes } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealClock } from '../../server/clock.js';
import { connectDatabase } from '../../server/db/connect.js';
import { createLogger } from '../../server/log.js';
import { createServices, type Services } from '../../server/services.js';
import { dbUri, startApi, type Proc } from '../helpers/processes.js';

const SECRET = randomBytes(32).toString('hex');
const DB = `faults_tracking_${randomBytes(4).toString('hex')}`;
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const env = { SECRET, SMTP_URL: 'smtp://127.0.0.1:9', API_KEY: randomBytes(16).toString('hex') };

let conn: Connection;
let s: Services;
let pixels: string[];

beforeAll(async () => {
  conn = await connectDatabase(dbUri(DB));
  s = createServices({ conn, clock: new RealClock(), secret: SECRET, log: createLogger('silent'), publicUrl: 'http://localhost', mailFrom: 'a@example.com', smtpUrl: 'smtp://127.0.0.1:9' });
  await s.syncIndexes();
  const hourAgo = new Date(Date.now() - 3_600_000);
  const customers = Array.from({ length: 100 }, (_, i) => s.customers.newDoc({ _id: new Types.ObjectId(), email: `t${i}@example.com`, emailKey: `t${i}@example.com` }, hourAgo));
  await s.customers.collection.insertMany(customers);
  const rows = Array.from({ length: 200 }, (_, i) => {
    const row = s.sends.newRow({ enrollmentId: new Types.ObjectId(), cadenceId: new Types.ObjectId(), segmentId: new Types.ObjectId(), customerId: customers[i % 100]!._id, step: 0, templateId: new Types.ObjectId(), templateVersion: 1, to: customers[i % 100]!.email }, hourAgo, 'sent');
    row.sentAt = hourAgo;
    return row;
  });
  await s.sends.insert(rows);
  pixels = rows.map((r) => new URL(s.links.openUrl(r._id.toHexString())).pathname);
});
afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
});

/** Hits recorded on the ledger (human and machine opens). */
async function recorded(): Promise<number> {
  const [row] = await s.sends.collection.aggregate<{ n: number }>([{ $group: { _id: null, n: { $sum: { $add: ['$opens', '$machineOpens'] } } } }]).toArray();
  return row?.n ?? 0;
}

async function hit(port: number, i: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${pixels[i % pixels.length]}`, { headers: { 'user-agent': BROWSER }, signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false; // refused while a process stops or starts: not answered, so not expected
  }
}

/** `perSecond` hits a second for `seconds` against whatever `port()` says now; counts the answered ones. */
async function load(perSecond: number, seconds: number, port: () => number): Promise<number> {
  let answered = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < perSecond * seconds; i++) {
    const wait = start + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(hit(port(), i).then((ok) => void (ok && answered++)));
  }
  await Promise.all(inflight);
  return answered;
}

describe('tracking hits across a restart and a crash', () => {
  it('records every answered hit across a graceful restart under load (the buffer is flushed on SIGTERM)', async () => {
    const before = await recorded();
    let api: Proc = await startApi(DB, env);
    let port = api.port;
    let answeredByFirst = 0;
    const running = load(100, 15, () => port);
    await new Promise((r) => setTimeout(r, 3_000));
    api.signal('SIGTERM');
    expect(await api.exited).toBe(0);
    answeredByFirst = (await recorded()) - before;
    api = await startApi(DB, env);
    port = api.port;
    const answered = await running;
    api.signal('SIGTERM');
    await api.exited;
    process.stdout.write(`[restart] ${answered} hits answered across the restart, ${answeredByFirst} of them by the first process\n`);
    expect(answeredByFirst).toBeGreaterThan(200);
    expect(answered - answeredByFirst).toBeGreaterThan(200);
    expect((await recorded()) - before).toBe(answered);
  });

  it('loses on a crash (SIGKILL) at most the hits of the last flush interval, never older ones', async () => {
    const before = await recorded();
    const api = await startApi(DB, env);
    const settled = await load(100, 3, () => api.port);
    // Two flush intervals with no traffic: everything so far has been written.
    await new Promise((r) => setTimeout(r, 2_500));
    const burst = await Promise.all(Array.from({ length: 100 }, (_, i) => hit(api.port, i)));
    api.signal('SIGKILL');
    await api.exited;
    const lastInterval = burst.filter(Boolean).length;
    const got = (await recorded()) - before;
    process.stdout.write(`[crash] ${settled} hits before the last interval, ${lastInterval} in it; ${got} recorded, ${settled + lastInterval - got} lost\n`);
    expect(got).toBeGreaterThanOrEqual(settled);
    expect(got).toBeLessThanOrEqual(settled + lastInterval);
  });
});
