/**
 * Per-segment reports for a scripted scenario, checked against numbers worked out by hand, the
 * rollup recompute giving identical numbers, and the feedback loop (an open puts the customer in an
 * engagement segment, which starts a cadence).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { advance, createCadence, createSegment, createTemplate, outboxFor, upsertCustomer } from '../factories/marketing.js';

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

let h: Harness;
let templateId: string;
beforeAll(async () => {
  h = await startHarness({ catcher: true, start: new Date('2026-03-02T09:00:00Z') });
  templateId = await createTemplate(h);
});
afterAll(async () => {
  await h.close();
});

async function trackingPaths(email: string): Promise<{ pixel: string; click: string; unsubscribe: string }> {
  const [m] = await outboxFor(h, email);
  const path = (u: string): string => new URL(u).pathname;
  return {
    pixel: path(/<img[^>]+src="([^"]+\/t\/o\/[^"]+)"/.exec(m!.html)![1]!),
    click: path(/href="([^"]+\/t\/c\/[^"]+)"/.exec(m!.html)![1]!),
    unsubscribe: path(/<([^>]+)>/.exec(m!.headers['list-unsubscribe']!)![1]!),
  };
}

describe('a scripted campaign', () => {
  let segmentId: string;
  let cadenceId: string;
  const people = ['ann', 'bob', 'cyd', 'dee', 'eve'].map((n) => `${n}@example.com`);

  it('counts what happened, per segment and per step', async () => {
    for (const email of people) await upsertCustomer(h, { email, attributes: { plan: 'vip' } });
    segmentId = await createSegment(h, 'VIP', { field: 'attributes.plan', op: 'eq', value: 'vip' });
    cadenceId = await createCadence(h, { name: 'VIP welcome', segmentId, steps: [{ delay: '1h', templateId }] });
    await advance(h, '1h'); // 10:00: five emails sent
    const [ann, bob, cyd, dee] = await Promise.all(people.slice(0, 4).map(trackingPaths));
    await advance(h, '1h'); // 11:00
    // ann opens twice and clicks; bob opens; cyd's mail client prefetches (machine) and a scanner follows the link;
    // dee unsubscribes; eve does nothing.
    await h.raw.get(ann!.pixel).set('User-Agent', BROWSER).expect(200);
    await h.raw.get(ann!.pixel).set('User-Agent', BROWSER).expect(200);
    await h.raw.get(ann!.click).set('User-Agent', BROWSER).expect(302);
    await h.raw.get(bob!.pixel).set('User-Agent', BROWSER).expect(200);
    await h.raw.get(cyd!.pixel).set('User-Agent', 'Mozilla/5.0').expect(200);
    await h.raw.head(cyd!.click).set('User-Agent', BROWSER).expect(302);
    await h.raw.post(dee!.unsubscribe).type('form').send('List-Unsubscribe=One-Click').expect(200);
    await advance(h, '1d'); // 2026-03-03 11:00
    // ann orders within 5 days of her click (a conversion), bob orders without having clicked (none).
    await h.api.post('/api/v1/events', { type: 'order_placed', email: people[0], properties: { orderId: 'A1', total: 80 } }).expect(202);
    await h.api.post('/api/v1/events', { type: 'order_placed', email: people[1], properties: { orderId: 'B1', total: 55 } }).expect(202);
    await advance(h, '6d'); // 2026-03-09: ann orders again, more than 5 days after her click (none)
    await h.api.post('/api/v1/events', { type: 'order_placed', email: people[0], properties: { orderId: 'A2', total: 30 } }).expect(202);
    await advance(h, '0s');

    const report = await h.api.get('/api/v1/reports/segments?from=2026-03-01&to=2026-03-31').expect(200);
    const vip = report.body.items.find((r: { segmentId: string }) => r.segmentId === segmentId);
    expect(vip).toEqual({
      segmentId,
      name: 'VIP',
      members: 5,
      sent: 5,
      uniqueOpens: 2,
      uniqueClicks: 1,
      openRate: 0.4,
      clickRate: 0.2,
      clickToOpenRate: 0.5,
      unsubscribes: 1,
      bounces: 0,
      complaints: 0,
      conversions: 1,
      revenue: 80,
      opens: 3,
      clicks: 1,
      machineOpens: 1,
      machineClicks: 1,
      failed: 0,
    });

    const series = await h.api.get(`/api/v1/reports/segments/${segmentId}/timeseries?from=2026-03-01&to=2026-03-03&interval=day`).expect(200);
    expect(series.body.points.map((p: { date: string; sent: number; uniqueOpens: number; members: number }) => [p.date, p.sent, p.uniqueOpens, p.members])).toEqual([
      ['2026-03-01', 0, 0, 0],
      ['2026-03-02', 5, 2, 5],
      ['2026-03-03', 0, 0, 5],
    ]);

    const byStep = await h.api.get(`/api/v1/reports/cadences/${cadenceId}`).expect(200);
    expect(byStep.body.steps).toHaveLength(1);
    expect(byStep.body.steps[0]).toMatchObject({ step: 0, sent: 5, uniqueOpens: 2, uniqueClicks: 1, conversions: 1, revenue: 80, unsubscribes: 1 });
  });

  it('leaves out ranges without sends, and answers rates of 0 when nothing was sent', async () => {
    const res = await h.api.get('/api/v1/reports/segments?from=2026-04-01&to=2026-04-30').expect(200);
    expect(res.body.items.find((r: { segmentId: string }) => r.segmentId === segmentId)).toMatchObject({ members: 5, sent: 0, openRate: 0, clickRate: 0, clickToOpenRate: 0 });
  });

  it('rebuilds the rollups from the raw ledger with identical numbers', async () => {
    const before = (await h.api.get('/api/v1/reports/segments?from=2026-03-01&to=2026-03-31').expect(200)).body;
    await h.services.conn.db!.collection('report_daily').updateMany({}, { $set: { sent: 999 } });
    const recomputed = await h.api.post('/api/v1/reports/recompute').expect(200);
    expect(recomputed.body.messages).toBeGreaterThanOrEqual(5);
    const after = (await h.api.get('/api/v1/reports/segments?from=2026-03-01&to=2026-03-31').expect(200)).body;
    expect(after).toEqual(before);
  });

  it('refuses bad ranges with 400', async () => {
    await h.api.get('/api/v1/reports/segments?from=2026-03-10&to=2026-03-01').expect(400);
    await h.api.get('/api/v1/reports/segments?from=yesterday').expect(400);
    await h.api.get('/api/v1/reports/segments?from=2020-01-01&to=2026-01-01').expect(400);
    await h.api.get(`/api/v1/reports/segments/${segmentId}/timeseries?interval=week`).expect(400);
    await h.api.get('/api/v1/reports/cadences/0123456789abcdef01234567').expect(404);
  });
});

describe('the feedback loop', () => {
  it('an open puts the customer in an engagement segment, and that segment starts its cadence', async () => {
    await upsertCustomer(h, { email: 'loop@example.com', attributes: { plan: 'trial' } });
    const trial = await createSegment(h, 'Trial', { field: 'attributes.plan', op: 'eq', value: 'trial' });
    await createCadence(h, { name: 'Trial nudge', segmentId: trial, steps: [{ delay: '1h', templateId }] });
    const engaged = await createSegment(h, 'Engaged trials', {
      all: [
        { field: 'attributes.plan', op: 'eq', value: 'trial' },
        { field: 'stats.lastOpenAt', op: 'withinLast', value: '30d' },
      ],
    });
    await createCadence(h, { name: 'Engaged follow-up', segmentId: engaged, steps: [{ delay: '2h', templateId }] });
    await advance(h, '1h');
    expect(await outboxFor(h, 'loop@example.com')).toHaveLength(1);
    const { pixel } = await trackingPaths('loop@example.com');
    await advance(h, '30m');
    await h.raw.get(pixel).set('User-Agent', BROWSER).expect(200);
    await advance(h, '0s');
    const customer = (await h.api.get('/api/v1/customers?email=loop@example.com').expect(200)).body.items[0];
    expect(customer.segments).toContain(engaged);
    await advance(h, '2h');
    const mails = await outboxFor(h, 'loop@example.com');
    expect(mails).toHaveLength(2);
    expect(mails[0]!.html).toContain('Engaged follow-up');
  });
});

describe('the dashboard figures', () => {
  it('gives the headline counts and every send of the range, in total and per day (GET /reports/overview)', async () => {
    const res = await h.api.get('/api/v1/reports/overview?from=2026-03-01&to=2026-03-03').expect(200);
    const customers = await h.api.get('/api/v1/customers?limit=500').expect(200);
    const segments = await h.api.get('/api/v1/segments?limit=500').expect(200);
    const cadences = await h.api.get('/api/v1/cadences?limit=500').expect(200);
    expect(res.body).toMatchObject({
      from: '2026-03-01',
      to: '2026-03-03',
      customers: customers.body.items.length,
      segments: segments.body.items.length,
      activeCadences: cadences.body.items.filter((c: { status: string }) => c.status === 'active').length,
    });
    const bySegment = (await h.api.get('/api/v1/reports/segments?from=2026-03-01&to=2026-03-03').expect(200)).body.items as { sent: number; uniqueOpens: number }[];
    expect(res.body.total.sent).toBe(bySegment.reduce((n, r) => n + r.sent, 0));
    expect(res.body.total).toMatchObject({ sent: 5, uniqueOpens: 2, uniqueClicks: 1, openRate: 0.4, clickRate: 0.2, machineOpens: 1 });
    expect(res.body.points.map((p: { date: string; sent: number }) => [p.date, p.sent])).toEqual([
      ['2026-03-01', 0],
      ['2026-03-02', 5],
      ['2026-03-03', 0],
    ]);
  });

  it('adds each segment its days with daily=true, the same as its timeseries', async () => {
    const res = await h.api.get('/api/v1/reports/segments?from=2026-03-01&to=2026-03-03&daily=true').expect(200);
    for (const row of res.body.items as { segmentId: string; daily: unknown[] }[]) {
      const series = await h.api.get(`/api/v1/reports/segments/${row.segmentId}/timeseries?from=2026-03-01&to=2026-03-03`).expect(200);
      expect(row.daily).toEqual(series.body.points);
    }
    const plain = await h.api.get('/api/v1/reports/segments?from=2026-03-01&to=2026-03-03').expect(200);
    expect(plain.body.items[0]).not.toHaveProperty('daily');
    await h.api.get('/api/v1/reports/segments?daily=maybe').expect(400);
  });
});
