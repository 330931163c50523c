/**
 * Tracking: autocannon (50 connections, 10 s) against the open pixel of the real server
 * (`server/main.ts`, real clock, hits buffered and flushed into the ledger, events and profiles),
 * beside a bare node:http server answering the same GIF, each run three times. Then every hit made
 * must be found recorded on the ledger: `lost` = requests sent minus hits recorded (requests still in
 * flight when autocannon stops are sent, reach the server and are recorded, though never answered).
 */
import autocannon from 'autocannon';
import { Types } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { ManualClock } from '../server/clock.js';
import { connectDatabase } from '../server/db/connect.js';
import { CustomerService } from '../server/modules/customers/index.js';
import { Links } from '../server/lib/links.js';
import { Signer } from '../server/lib/tokens.js';
import { figure, startChild, type Figure } from './lib.js';

export interface TrackingFigures {
  opensPerSec: Figure;
  bareHttpPerSec: Figure;
  ratio: number;
  p99Ms: Figure;
  bareP99Ms: Figure;
  lost: number;
  requests: number;
  /** Non-2xx answers and connection errors (the pixel must always answer). */
  failures: number;
}

const MESSAGES = 2_000;

function run(port: number, paths: string[], durationSec: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: 50,
        duration: durationSec,
        requests: paths.map((path) => ({ method: 'GET', path, headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36' } })),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

/** Seeds customers and sent ledger rows straight into the database; returns their pixel paths. */
async function seed(uri: string, secret: string): Promise<string[]> {
  const conn = await connectDatabase(uri);
  const db = conn.db!;
  const hourAgo = new Date(Date.now() - 3_600_000);
  const customers = Array.from({ length: MESSAGES / 2 }, (_, i) => ({ _id: new Types.ObjectId(), email: `t${i}@example.com`, emailKey: `t${i}@example.com` }));
  const links = new Links(new Signer(secret), 'http://127.0.0.1');
  const cadenceId = new Types.ObjectId();
  const segmentId = new Types.ObjectId();
  const messages = Array.from({ length: MESSAGES }, (_, i) => ({
    _id: new Types.ObjectId(),
    enrollmentId: new Types.ObjectId(),
    cadenceId,
    segmentId,
    customerId: customers[i % customers.length]!._id,
    step: 0,
    templateId: new Types.ObjectId(),
    templateVersion: 1,
    to: customers[i % customers.length]!.email,
    subject: 'Hello',
    status: 'sent',
    reason: null,
    smtpMessageId: null,
    sentAt: hourAgo,
    openedAt: null,
    clickedAt: null,
    opens: 0,
    clicks: 0,
    machineOpens: 0,
    machineClicks: 0,
    unsubscribedAt: null,
    bouncedAt: null,
    complainedAt: null,
    conversions: 0,
    revenue: 0,
    createdAt: hourAgo,
    updatedAt: hourAgo,
  }));
  // Profiles in the shape the customers module stores (its own constructor), inserted in bulk.
  const shapes = new CustomerService(conn, new ManualClock(hourAgo));
  await db.collection('customers').insertMany(customers.map((c) => shapes.newDoc({ _id: c._id, email: c.email, emailKey: c.email }, hourAgo)));
  await db.collection('messages').insertMany(messages);
  await conn.close();
  return messages.map((m) => new URL(links.openUrl(m._id.toHexString())).pathname);
}

async function recorded(uri: string): Promise<number> {
  const conn = await connectDatabase(uri);
  const [row] = await conn.db!.collection('messages').aggregate<{ n: number }>([{ $group: { _id: null, n: { $sum: { $add: ['$opens', '$machineOpens'] } } } }]).toArray();
  await conn.close();
  return row?.n ?? 0;
}

export async function benchTracking(serverUri: string, opts: { repetitions?: number; durationSec?: number } = {}): Promise<TrackingFigures> {
  const reps = opts.repetitions ?? 3;
  const duration = opts.durationSec ?? 10;
  const dbName = `bench_tracking_${Date.now()}`;
  const uri = `${serverUri.replace(/\/?$/, '/')}${dbName}`;
  const secret = randomBytes(32).toString('hex');
  const paths = await seed(uri, secret);

  const ours = await startChild('server/main.ts', { MONGODB_URI: uri, SECRET: secret, PORT: '0', SMTP_URL: 'smtp://127.0.0.1:9', API_KEY: randomBytes(16).toString('hex'), LOG_LEVEL: 'warn', CLOCK_MODE: 'real' }, /listening on port (\d+)/, 300_000);
  const bare = await startChild('bench/servers/bare-pixel.ts', {}, /READY (\d+)/);
  const rates: number[] = [];
  const bareRates: number[] = [];
  const p99: number[] = [];
  const bareP99: number[] = [];
  let sent = 0;
  let failures = 0;
  try {
    for (let i = 0; i < reps; i++) {
      const r = await run(ours.port, paths, duration);
      sent += r.requests.sent;
      failures += r.non2xx + r.errors;
      rates.push(r.requests.average);
      p99.push(r.latency.p99);
      const b = await run(bare.port, paths, duration);
      bareRates.push(b.requests.average);
      bareP99.push(b.latency.p99);
    }
    // Contract: recorded within 2 seconds. Give the last flush time to land, then stop (which flushes too).
    await new Promise((r) => setTimeout(r, 3_000));
  } finally {
    await ours.stop();
    await bare.stop();
  }
  const hits = await recorded(uri);
  const opensPerSec = figure(rates);
  const bareHttpPerSec = figure(bareRates);
  return { opensPerSec, bareHttpPerSec, ratio: opensPerSec.median / bareHttpPerSec.median, p99Ms: figure(p99), bareP99Ms: figure(bareP99), lost: sent - hits, requests: sent, failures };
}
