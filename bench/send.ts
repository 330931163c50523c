/**
 * Sending: 10,000 enrollments due at once, end to end (Agenda claims due steps in batches, checks
 * eligibility, renders the cart-abandonment starter per recipient, writes the at-most-once ledger,
 * sends through the pooled mailer to an SMTP server in another process), beside bare nodemailer
 * sending the same pre-rendered message through the same pool settings to the same server, each
 * run three times. Duplicates: recipients the SMTP server saw more than once (must be 0).
 */
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { startJobRunner } from '../jobs/runner.js';
import { RealClock } from '../server/clock.js';
import { connectDatabase } from '../server/db/connect.js';
import { createLogger } from '../server/log.js';
import { cadenceInputSchema } from '../server/modules/cadences/index.js';
import { segmentCreateSchema } from '../server/modules/segments/index.js';
import { createServices, type Services } from '../server/services.js';
import { figure, notePeak, peakRssMb, startChild, type Figure } from './lib.js';

export interface SendFigures {
  emailsPerSec: Figure;
  bareNodemailerPerSec: Figure;
  ratio: number;
  duplicates: number;
  sent: number;
}

const POOL = { maxConnections: 5, maxMessages: 100 };
const FROM = '"Retainly Bench" <bench@example.com>';

async function stats(port: number): Promise<{ received: number; duplicates: number }> {
  return (await fetch(`http://127.0.0.1:${port}/stats`)).json() as Promise<{ received: number; duplicates: number }>;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `n` customers with open carts in group `group`, straight into the store. */
async function seedCustomers(s: Services, group: string, n: number): Promise<void> {
  const now = s.clock.now();
  for (let i = 0; i < n; i += 2_000) {
    const docs = Array.from({ length: Math.min(2_000, n - i) }, (_, j) => {
      const email = `${group}-${i + j}@example.com`;
      const d = s.customers.newDoc({ _id: new Types.ObjectId(), email, emailKey: email, firstName: `Shopper${i + j}`, attributes: { group } }, now);
      d.cart = {
        status: 'open',
        total: 129.9,
        currency: 'EUR',
        itemCount: 3,
        checkoutUrl: `https://shop.example/checkout/${i + j}`,
        items: [
          { sku: 'TEE-1', name: 'Organic cotton tee', price: 29.95, quantity: 2, imageUrl: 'https://picsum.photos/seed/tee/200/200', url: 'https://shop.example/p/tee' },
          { sku: 'CAP-2', name: 'Canvas cap', price: 70, quantity: 1, imageUrl: 'https://picsum.photos/seed/cap/200/200', url: 'https://shop.example/p/cap' },
        ],
        updatedAt: now,
      };
      return d;
    });
    await s.customers.collection.insertMany(docs);
  }
}

/** One end-to-end run: returns emails per second from activation to the last one arriving. */
async function runOurs(s: Services, templateId: string, rep: number, n: number, sinkHttp: number): Promise<number> {
  const group = `send${rep}`;
  await seedCustomers(s, group, n);
  const segment = await s.segments.create(segmentCreateSchema.parse({ name: group, description: '', rules: { field: 'attributes.group', op: 'eq', value: group } }));
  await until(async () => (await s.segments.get(segment.id)).status === 'ready', 600_000, 'the segment build');
  const cadence = await s.cadences.create(cadenceInputSchema.parse({ name: group, segmentId: segment.id, steps: [{ delay: '0s', templateId }] }));
  const before = (await stats(sinkHttp)).received;
  const t0 = performance.now();
  await s.cadences.activate(cadence.id, true);
  await until(async () => (await stats(sinkHttp)).received - before >= n, 900_000, `${n} emails`);
  const ms = performance.now() - t0;
  notePeak(peakRssMb());
  return (n / ms) * 1000;
}

async function runBare(smtpPort: number, message: SendMailOptions, rep: number, n: number, sinkHttp: number): Promise<number> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, ...POOL });
  const before = (await stats(sinkHttp)).received;
  const t0 = performance.now();
  // The same back-pressure as the mailer: never more in flight than the pool has connections.
  let next = 0;
  await Promise.all(
    Array.from({ length: POOL.maxConnections }, async () => {
      while (next < n) {
        const i = next++;
        await transport.sendMail({ ...message, to: `bare-${rep}-${i}@example.com` });
      }
    }),
  );
  await until(async () => (await stats(sinkHttp)).received - before >= n, 60_000, 'bare emails');
  const ms = performance.now() - t0;
  transport.close();
  return (n / ms) * 1000;
}

export async function benchSend(serverUri: string, opts: { repetitions?: number; enrollments?: number } = {}): Promise<SendFigures> {
  const reps = opts.repetitions ?? 3;
  const n = opts.enrollments ?? 10_000;
  const sink = await startChild('bench/servers/smtp-sink.ts', {}, /READY (\d+) (\d+)/);
  const [smtpPort, sinkHttp] = sink.ports as [number, number];
  const log = createLogger('warn');
  const conn = await connectDatabase(serverUri, `bench_send_${Date.now()}`);
  const s = createServices({ conn, clock: new RealClock(), secret: randomBytes(32).toString('hex'), log, publicUrl: 'https://track.example', mailFrom: FROM, smtpUrl: `smtp://127.0.0.1:${smtpPort}` });
  await s.syncIndexes();
  const { templates } = await s.templates.installStarters();
  const templateId = templates['cart-abandonment']!;
  const jobs = await startJobRunner(s, log, '1s');
  const ours: number[] = [];
  const bare: number[] = [];
  let message: SendMailOptions | null = null;
  try {
    for (let rep = 0; rep < reps; rep++) {
      ours.push(await runOurs(s, templateId, rep, n, sinkHttp));
      // The same message our pipeline produced, pre-rendered once.
      if (!message) {
        const customer = (await s.customers.collection.findOne({ 'attributes.group': 'send0' }))!;
        const [email] = await s.templates.render(templateId, (await s.templates.currentVersion(templateId))!, [{ messageId: new Types.ObjectId(), customer, cadence: { name: 'bench' }, step: { index: 0 } }], s.clock.now());
        message = { from: FROM, subject: email!.subject, html: email!.html, text: email!.text, headers: email!.headers };
      }
      bare.push(await runBare(smtpPort, message, rep, n, sinkHttp));
    }
  } finally {
    await jobs.stop();
    await s.mailer.close();
  }
  const { duplicates } = await stats(sinkHttp);
  const sent = await s.sends.collection.countDocuments({ status: 'sent' });
  await conn.dropDatabase();
  await conn.close();
  await sink.stop();
  const emailsPerSec = figure(ours);
  const bareNodemailerPerSec = figure(bare);
  return { emailsPerSec, bareNodemailerPerSec, ratio: emailsPerSec.median / bareNodemailerPerSec.median, duplicates, sent };
}
