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
async function grudgingSmtp(): Promise<{ port: number; accepted: string[]; attempts: number; minSize: number; close(): Promise<void> }> {
  const seen = new Set<string>();
  const state = { accepted: [] as string[], attempts: 0, minSize: Infinity };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      let size = 0;
      stream.on('data', (b: Buffer) => (size += b.length));
      stream.on('end', () => {
        state.attempts++;
        state.minSize = Math.min(state.minSize, size);
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
  server.on('error', () => undefined); // connections the proxy breaks reset here
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.server.address() as AddressInfo).port, accepted: state.accepted, get attempts() { return state.attempts; }, get minSize() { return state.minSize; }, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * A TCP proxy in front of the SMTP server. It relays faithfully (a side that ends is ended on the
 * other, nothing cut short) except on one connection in `every`, which it breaks, alternately:
 * - `mid`: after a random number (100 to 2,100) of the client's bytes; only those reach the server,
 *   so no message is complete (each is longer, which the test checks) and none can be delivered;
 * - `reply`: the next message the server accepts (on this connection or a later one) has its
 *   reply lost: the one case where a message is delivered and the sender cannot know it.
 */
async function breakingProxy(target: number, every: number): Promise<{ port: number; cut: number; repliesLost: number; close(): Promise<void> }> {
  let count = 0;
  const state = { cut: 0, repliesLost: 0 };
  // A `reply` break waits for a message the server accepts (a first attempt's 421 closes its
  // connection first), on this connection or the next ones.
  let repliesToLose = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    const n = ++count;
    const mid = n % every === 0 && (n / every) % 2 === 1;
    if (n % every === 0 && !mid) repliesToLose++;
    let budget = 100 + Math.floor(Math.random() * 2_000);
    let tail = '';
    let dataEnded = false;
    let broken = false;
    const breakOff = (): void => {
      broken = true;
      state.cut++;
    };
    client.on('data', (b: Buffer) => {
      if (broken) return;
      if (mid) {
        const part = b.subarray(0, budget);
        budget -= part.length;
        upstream.write(part);
        if (budget <= 0) {
          breakOff();
          upstream.end(() => (client.destroy(), upstream.destroy()));
        }
        return;
      }
      const text = tail + b.toString('latin1');
      if (text.includes('\r\n.\r\n')) dataEnded = true;
      tail = text.slice(-4);
      upstream.write(b);
    });
    upstream.on('data', (b: Buffer) => {
      if (broken) return;
      if (repliesToLose > 0 && dataEnded && b.toString('latin1').startsWith('250')) {
        breakOff();
        repliesToLose--;
        state.repliesLost++;
        client.destroy();
        upstream.destroy();
        return;
      }
      dataEnded = false;
      client.write(b);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    for (const s of [client, upstream]) s.on('error', () => (client.destroy(), upstream.destroy()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    get cut() {
      return state.cut;
    },
    get repliesLost() {
      return state.repliesLost;
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
    // One connection in eight is broken; every recipient's first attempt is refused (421), so a
    // message may meet a break twice: about (7/8)^2 of the steps end sent, the rest in review.
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
    const reasons = await s.sends.collection.aggregate<{ _id: string; n: number }>([{ $match: { status: 'review' } }, { $group: { _id: '$reason', n: { $sum: 1 } } }]).toArray();
    const sent = counts.sent ?? 0;
    process.stdout.write(`[smtp] ledger ${JSON.stringify(counts)}; ${smtp.attempts} DATA attempts, ${smtp.accepted.length} accepted; ${proxy.cut} connections broken, ${proxy.repliesLost} of them after the server accepted\n`);
    process.stdout.write(`[smtp] review reasons: ${JSON.stringify(reasons.map((r) => [r.n, r._id]))}\n`);
    // A break mid-session never completes a message (each is longer than the bytes let through).
    expect(smtp.minSize).toBeGreaterThan(2_100);
    expect(new Set(smtp.accepted).size).toBe(smtp.accepted.length);
    expect(smtp.attempts).toBeGreaterThan(n);
    expect(sent).toBeGreaterThan(n / 2);
    expect(sent + (counts.review ?? 0) + (counts.failed ?? 0)).toBe(n);
    // Only a message on a broken connection is in doubt: one at most per break.
    expect(counts.review ?? 0).toBeLessThanOrEqual(proxy.cut);
    // Delivered but not known to be: exactly the messages whose acceptance was lost, each in review.
    expect(proxy.repliesLost).toBeGreaterThan(0);
    expect(smtp.accepted.length - sent).toBe(proxy.repliesLost);
    expect(counts.review ?? 0).toBeGreaterThanOrEqual(proxy.repliesLost);
  });
});
