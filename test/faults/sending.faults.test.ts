/**
 * Sending under faults, with real `npm run worker` processes (real clock, Agenda):
 * - the database stops answering for 10 s mid-send (the server process frozen with SIGSTOP):
 *   workers pause and resume by themselves; every step ends sent (or, if a send was cut off between
 *   the SMTP hand-off and the ledger, under review), and no recipient gets it twice;
 * - the SMTP server answers 421 (try later) to every first attempt, and a proxy in front of it breaks
 *   some connections mid-session: 421s are retried with backoff and delivered; a broken connection
 *   may have delivered, so it is never resent (ledger `review`); no recipient gets a step twice.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { RealClock } from '../../server/clock.js';
import { connectDatabase } from '../../server/db/connect.js';
import { startCompatServer } from '../../server/db/compat-server.js';
import { createLogger } from '../../server/log.js';
import { cadenceInputSchema } from '../../server/modules/cadences/index.js';
import { segmentCreateSchema } from '../../server/modules/segments/index.js';
import { createServices, type Services } from '../../server/services.js';
import { SIMPLE_MJML } from '../factories/marketing.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';
import { dbUri, startWorker, type Proc } from '../helpers/processes.js';

const SECRET = randomBytes(32).toString('hex');
const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A database with `n` customers in one segment and an active one-step cadence on it, due now. */
async function campaign(uri: string, smtpUrl: string, n: number): Promise<{ conn: Connection; s: Services }> {
  const conn = await connectDatabase(uri);
  const s = createServices({ conn, clock: new RealClock(), secret: SECRET, log: createLogger('silent'), publicUrl: 'http://localhost', mailFrom: 'shop@example.com', smtpUrl });
  await s.syncIndexes();
  const now = s.clock.now();
  await s.customers.collection.insertMany(Array.from({ length: n }, (_, i) => s.customers.newDoc({ email: `f${i}@example.com`, emailKey: `f${i}@example.com`, attributes: { group: 'fault' } }, now)));
  const template = await s.templates.create({ name: 'Fault', subject: 'Hello {{customer.email}}', preheader: '', mjml: SIMPLE_MJML } as never);
  const segment = await s.segments.create(segmentCreateSchema.parse({ name: 'fault', description: '', rules: { field: 'attributes.group', op: 'eq', value: 'fault' } }));
  while ((await s.segments.get(segment.id)).status !== 'ready') await s.registry.runOne('segment-builds');
  const cadence = await s.cadences.create(cadenceInputSchema.parse({ name: 'Fault', segmentId: segment.id, steps: [{ delay: '1s', templateId: template.id }] }));
  await s.cadences.activate(cadence.id, true);
  return { conn, s };
}

async function ledger(s: Services): Promise<Record<string, number>> {
  const rows = await s.sends.collection.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }]).toArray();
  return Object.fromEntries(rows.map((r) => [r._id, r.n]));
}

describe('the database stops for 10 s while workers send', () => {
  it('resumes by itself and sends no step twice', async () => {
    const db = await startCompatServer();
    cleanups.push(
      () => db.stop(),
      () => {
        process.kill(db.pid, 'SIGCONT');
      },
    );
    const sink = await startSmtpSink({ delayMs: 5 });
    cleanups.push(() => sink.close());
    const n = 1_500;
    const uri = `${db.uri}freeze`;
    const { conn, s } = await campaign(uri, sink.url, n);
    cleanups.push(() => conn.close());
    const workers: Proc[] = [];
    for (let i = 0; i < 2; i++) workers.push(await startWorker('freeze', { MONGODB_URI: uri, SMTP_URL: sink.url, SECRET }));
    cleanups.push(() => workers.forEach((w) => w.signal('SIGKILL')));

    await until(async () => sink.received.length >= 300, 120_000, 'the first sends');
    process.kill(db.pid, 'SIGSTOP');
    const atFreeze = sink.received.length;
    await new Promise((r) => setTimeout(r, 10_000));
    const duringFreeze = sink.received.length - atFreeze;
    process.kill(db.pid, 'SIGCONT');
    await until(async () => Object.values(await ledger(s)).reduce((a, b) => a + b, 0) >= n && !(await ledger(s)).sending, 180_000, 'every step to end');

    const counts = await ledger(s);
    const recipients = sink.received.flatMap((m) => m.to);
    process.stdout.write(`[freeze] ledger ${JSON.stringify(counts)}; ${recipients.length} emails received, ${duringFreeze} while the database was frozen\n`);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(counts.failed ?? 0).toBe(0);
    expect((counts.sent ?? 0) + (counts.review ?? 0)).toBe(n);
    expect(recipients.length).toBeGreaterThanOrEqual(counts.sent ?? 0);
    expect(recipients.length).toBeLessThanOrEqual(n);
  });
});

/** smtp-server answering 421 to each recipient's first attempt; records what it accepted. */
async function grudgingSmtp(): Promise<{ port: number; accepted: string[]; attempts: number; close(): Promise<void> }> {
  const seen = new Set<string>();
  const state = { accepted: [] as string[], attempts: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        state.attempts++;
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        if (!seen.has(to)) {
          seen.add(to);
          return cb(Object.assign(new Error('Try again later'), { responseCode: 421 }));
        }
        state.accepted.push(to);
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.server.address() as AddressInfo).port, accepted: state.accepted, get attempts() { return state.attempts; }, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A TCP proxy that cuts one connection in `every` after a random number of bytes from the client. */
async function breakingProxy(target: number, every: number): Promise<{ port: number; cut: number; close(): Promise<void> }> {
  let count = 0;
  const state = { cut: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    const doomed = ++count % every === 0;
    let budget = 100 + Math.floor(Math.random() * 2_000);
    client.on('data', (b: Buffer) => {
      upstream.write(b);
      budget -= b.length;
      if (doomed && budget <= 0 && !client.destroyed) {
        state.cut++;
        client.destroy();
        upstream.destroy();
      }
    });
    upstream.pipe(client);
    for (const s of [client, upstream]) s.on('error', () => undefined).on('close', () => (client.destroy(), upstream.destroy()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    get cut() {
      return state.cut;
    },
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

describe('an SMTP server that refuses and a network that drops connections', () => {
  it('retries refusals, never resends what a broken connection may have delivered, and ends every step', async () => {
    const smtp = await grudgingSmtp();
    // One connection in eight is cut; every recipient's first attempt is refused (421), so a message
    // may meet a cut twice: about (7/8)^2 of the steps end sent, the rest in review.
    const proxy = await breakingProxy(smtp.port, 8);
    cleanups.push(() => smtp.close(), () => proxy.close());
    const n = 400;
    const dbName = `faults_smtp_${randomBytes(3).toString('hex')}`;
    const url = `smtp://127.0.0.1:${proxy.port}`;
    const { conn, s } = await campaign(dbUri(dbName), url, n);
    cleanups.push(async () => {
      await conn.dropDatabase();
      await conn.close();
    });
    const workers = [await startWorker(dbName, { SMTP_URL: url, SECRET }), await startWorker(dbName, { SMTP_URL: url, SECRET })];
    cleanups.push(() => workers.forEach((w) => w.signal('SIGKILL')));
    await until(async () => Object.values(await ledger(s)).reduce((a, b) => a + b, 0) >= n && !(await ledger(s)).sending, 240_000, 'every step to end');

    const counts = await ledger(s);
    process.stdout.write(`[smtp] ledger ${JSON.stringify(counts)}; ${smtp.attempts} DATA attempts, ${smtp.accepted.length} accepted, ${proxy.cut} connections cut\n`);
    expect(new Set(smtp.accepted).size).toBe(smtp.accepted.length);
    expect(smtp.attempts).toBeGreaterThan(n);
    expect(counts.sent ?? 0).toBeGreaterThan(n / 2);
    // Only a message on a connection that was cut is in doubt: one at most per cut.
    expect(counts.review ?? 0).toBeLessThanOrEqual(proxy.cut);
    expect((counts.sent ?? 0) + (counts.review ?? 0) + (counts.failed ?? 0)).toBe(n);
    expect(smtp.accepted.length).toBeGreaterThanOrEqual(counts.sent ?? 0);
    expect(smtp.accepted.length).toBeLessThanOrEqual((counts.sent ?? 0) + (counts.review ?? 0));
  });
});
