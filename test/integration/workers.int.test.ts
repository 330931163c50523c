/**
 * Scale-out: real `npm run worker` processes (real clock, Agenda) share due steps through MongoDB.
 * Three workers and 2,000 enrollments due at once: every step sent exactly once. A worker killed
 * with SIGKILL mid-batch: its claims are taken over after the lease, and nothing is sent twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { createSegment, createTemplate } from '../factories/marketing.js';

const SECRET = 'w'.repeat(40);

function startWorker(dbName: string, smtpUrl: string): ChildProcess {
  const uri = inject('mongoUri').replace(/\/?$/, `/${dbName}`);
  // node itself (not npx): the pid is the worker's, so SIGKILL really kills it.
  return spawn(process.execPath, ['--import', 'tsx', 'jobs/worker.ts'], {
    env: { ...process.env, MONGODB_URI: uri, SMTP_URL: smtpUrl, SECRET, WORKER_POLL_INTERVAL: '1s', CLAIM_LEASE: '5s', LOG_LEVEL: 'warn', CLOCK_MODE: 'real' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('timed out');
}

async function population(h: Harness, group: string, n: number): Promise<void> {
  const csv = ['email,attributes.group', ...Array.from({ length: n }, (_, i) => `${group}-${i}@example.com,${group}`)].join('\n');
  const res = await h.api.post('/api/v1/customers/import').set('Content-Type', 'text/csv').send(csv).expect(200);
  expect(res.body.created).toBe(n);
}

describe.each([
  { name: 'three workers, 2,000 enrollments due at once', workers: 3, n: 2000, kill: false },
  { name: 'a worker killed with SIGKILL mid-batch', workers: 2, n: 1000, kill: true },
])('$name', ({ workers, n, kill }) => {
  let h: Harness;
  let sink: SmtpSink;
  const procs: ChildProcess[] = [];
  beforeAll(async () => {
    sink = await startSmtpSink({ delayMs: kill ? 5 : 0 });
    h = await startHarness({ start: new Date() });
  });
  afterAll(async () => {
    for (const p of procs) p.kill('SIGKILL');
    await sink.close();
    await h.close();
  });

  it('sends every step exactly once', async () => {
    const group = kill ? 'kill' : 'three';
    const templateId = await createTemplate(h, 'Scale');
    await population(h, group, n);
    const segmentId = await createSegment(h, 'Scale', { field: 'attributes.group', op: 'eq', value: group });
    const seg = await h.api.get(`/api/v1/segments/${segmentId}`).expect(200);
    expect(seg.body.memberCount).toBe(n);
    const res = await h.api.post('/api/v1/cadences', { name: 'Scale', segmentId, steps: [{ delay: '1s', templateId }] }).expect(201);
    // The harness's services share the secret the workers use for links and tokens.
    await h.api.post(`/api/v1/cadences/${res.body.id}/activate`, { enrollExisting: true }).expect(200);
    const dbName = h.conn.db!.databaseName;
    for (let i = 0; i < workers; i++) procs.push(startWorker(dbName, sink.url));

    const messages = h.conn.db!.collection('messages');
    if (kill) {
      await until(async () => sink.received.length >= n / 5, 120_000);
      procs[0]!.kill('SIGKILL');
    }
    await until(async () => (await messages.countDocuments({ status: { $in: ['sent', 'review', 'failed'] } })) >= n, 240_000);
    // A worker killed after its ledger update but before advancing its enrollments leaves them to
    // the worker that takes its claims over once the lease (5 s) runs out.
    const completed = () => h.conn.db!.collection('enrollments').countDocuments({ status: 'completed' });
    await until(async () => (await completed()) >= n, 60_000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1_000));

    const recipients = sink.received.flatMap((m) => m.to);
    expect(new Set(recipients).size).toBe(recipients.length); // no address got the step twice
    const sent = await messages.countDocuments({ status: 'sent' });
    const review = await messages.countDocuments({ status: 'review' });
    expect(await messages.countDocuments({ status: 'failed' })).toBe(0);
    expect(sent + review).toBe(n);
    if (!kill) expect(sent).toBe(n);
    // What reached SMTP is every `sent` row plus, at most, the interrupted ones under review.
    expect(recipients.length).toBeGreaterThanOrEqual(sent);
    expect(recipients.length).toBeLessThanOrEqual(sent + review);
    expect(await completed()).toBe(n);
  }, 300_000);
});
