/**
 * Load: 60 s of mixed traffic at a fixed rate this 2-core machine holds: event ingestion, open-pixel
 * and click hits, and API reads. 0 errors, p99 reported, and every accepted event and every answered
 * hit present afterwards.
 */
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { fixedRate } from '../helpers/load.js';

let h: Harness;
let base: string;
let close: () => void;
beforeAll(async () => {
  h = await startHarness();
  const server = h.app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(async () => {
  close();
  await h.close();
});

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);

describe('60 s of mixed traffic', () => {
  it('holds the rate with 0 errors and loses no accepted event', async () => {
    const auth = { authorization: `Bearer ${h.keys.admin}`, 'content-type': 'application/json' };
    let accepted = 0;
    const ingest = fixedRate(10, SECONDS, async (i) => {
      const events = Array.from({ length: 20 }, (_, j) => ({ type: j % 5 === 0 ? 'order_placed' : 'page_viewed', email: `load${(i * 20 + j) % 2000}@example.com`, idempotencyKey: `load-${i}-${j}`, properties: j % 5 === 0 ? { orderId: `L-${i}-${j}`, total: 12.5 } : { url: 'https://shop.example/' } }));
      const res = await fetch(`${base}/api/v1/events`, { method: 'POST', headers: auth, body: JSON.stringify({ events }) });
      if (res.status === 202) accepted += ((await res.json()) as { accepted: number }).accepted;
      return res.status;
    });
    const reads = fixedRate(20, SECONDS, async (i) => {
      const res = await fetch(`${base}/api/v1/customers?limit=20${i % 2 ? `&email=load${i % 2000}@example.com` : ''}`, { headers: auth });
      await res.arrayBuffer();
      return res.status;
    });
    // Sent emails to open: ledger rows for 200 of the customers, an hour old.
    const hourAgo = new Date(h.clock.now().getTime() - 3_600_000);
    const rows = Array.from({ length: 200 }, (_, i) => {
      const row = h.services.sends.newRow({ enrollmentId: new Types.ObjectId(), cadenceId: new Types.ObjectId(), segmentId: new Types.ObjectId(), customerId: new Types.ObjectId(), step: 0, templateId: new Types.ObjectId(), templateVersion: 1, to: `load${i}@example.com` }, hourAgo, 'sent');
      row.sentAt = hourAgo;
      return row;
    });
    await h.services.sends.insert(rows);
    h.services.tracking.buffer.start(1_000);
    let answeredHits = 0;
    const hits = fixedRate(50, SECONDS, async (i) => {
      const res = await fetch(`${base}${new URL(h.services.links.openUrl(rows[i % rows.length]!._id.toHexString())).pathname}`, { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0' } });
      await res.arrayBuffer();
      if (res.status === 200) answeredHits++;
      return res.status;
    });
    const [a, b, c] = await Promise.all([ingest, reads, hits]);
    await h.services.tracking.buffer.stop();
    process.stdout.write(`[load] ingestion: ${a.sent} batches of 20, p50 ${a.p50Ms.toFixed(1)} ms, p99 ${a.p99Ms.toFixed(1)} ms; reads: ${b.sent}, p50 ${b.p50Ms.toFixed(1)} ms, p99 ${b.p99Ms.toFixed(1)} ms; pixel hits: ${c.sent}, p50 ${c.p50Ms.toFixed(1)} ms, p99 ${c.p99Ms.toFixed(1)} ms; statuses ${JSON.stringify([a.statuses, b.statuses, c.statuses])}\n`);
    expect(a.errors + b.errors + c.errors).toBe(0);
    const [recorded] = await h.services.sends.collection.aggregate<{ n: number }>([{ $group: { _id: null, n: { $sum: { $add: ['$opens', '$machineOpens'] } } } }]).toArray();
    expect(recorded?.n).toBe(answeredHits);
    expect(answeredHits).toBe(c.sent);
    expect(accepted).toBe(a.sent * 20);
    expect(await h.services.events.collection.countDocuments({ idempotencyKey: { $regex: '^load-' } })).toBe(accepted);
    expect(await h.services.events.collection.countDocuments({ pending: true })).toBe(0);
  });
});
