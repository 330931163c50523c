/**
 * Cadences in manual clock mode, through the public API: timing of each step, exits between steps,
 * skips, suppression, quiet hours, frequency caps, pause/resume, re-entry and per-step counts.
 * Mail goes through a real SMTP server (the catcher) and is read back from the outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { advance, createCadence, createSegment, createTemplate, enrollmentsOf, ledgerFor, outboxFor, upsertCustomer } from '../factories/marketing.js';

let h: Harness;
let templateId: string;
// Monday 2026-01-05 12:00 UTC
beforeAll(async () => {
  h = await startHarness({ catcher: true, start: new Date('2026-01-05T12:00:00Z') });
  templateId = await createTemplate(h);
});
afterAll(async () => {
  await h.close();
});

const vipRule = (tag: string) => ({ field: 'attributes.group', op: 'eq', value: tag });

describe('a three-step cadence', () => {
  let cadenceId: string;
  let customerId: string;
  it('sends step 0 `delay` after entry and each later step `delay` after the previous one', async () => {
    const segmentId = await createSegment(h, 'Timing', vipRule('timing'));
    cadenceId = await createCadence(h, {
      name: 'Timing',
      segmentId,
      steps: [
        { delay: '1h', templateId },
        { delay: '1d', templateId },
        { delay: '3d', templateId },
      ],
    });
    customerId = await upsertCustomer(h, { email: 'timing@example.com', firstName: 'Tim', attributes: { group: 'timing' } });
    await advance(h, '0s');
    expect(await enrollmentsOf(h, cadenceId)).toMatchObject([
      { customerId, customer: { email: 'timing@example.com', firstName: 'Tim', lastName: null }, status: 'active', currentStep: 0, nextStepAt: '2026-01-05T13:00:00.000Z' },
    ]);
    await advance(h, '59m');
    expect(await outboxFor(h, 'timing@example.com')).toHaveLength(0);
    await advance(h, '1m');
    const first = await outboxFor(h, 'timing@example.com');
    expect(first).toHaveLength(1);
    expect(first[0]!.subject).toBe('Reminder for Tim');
    expect(first[0]!.html).toContain('step 0 of Timing');
    await advance(h, '1439m');
    expect(await outboxFor(h, 'timing@example.com')).toHaveLength(1);
    await advance(h, '1m');
    expect(await outboxFor(h, 'timing@example.com')).toHaveLength(2);
    await advance(h, '3d');
    const all = await outboxFor(h, 'timing@example.com');
    expect(all).toHaveLength(3);
    const ledger = await ledgerFor(h, customerId);
    expect(ledger.map((m) => [m.step, m.status, m.sentAt])).toEqual([
      [0, 'sent', '2026-01-05T13:00:00.000Z'],
      [1, 'sent', '2026-01-06T13:00:00.000Z'],
      [2, 'sent', '2026-01-09T13:00:00.000Z'],
    ]);
    expect(await enrollmentsOf(h, cadenceId)).toMatchObject([{ status: 'completed', nextStepAt: null }]);
  });

  it('reports per-step counts', async () => {
    const res = await h.api.get(`/api/v1/cadences/${cadenceId}`).expect(200);
    expect(res.body.stepCounts.map((s: { sent: number }) => s.sent)).toEqual([1, 1, 1]);
    expect(res.body.enrollments).toEqual({ active: 0, completed: 1, exited: 0 });
    const list = await h.api.get('/api/v1/cadences?limit=500').expect(200);
    expect(list.body.items.find((c: { id: string }) => c.id === cadenceId).enrollments).toEqual({ active: 0, completed: 1, exited: 0 });
  });

  it('lists only the ledger rows recorded after a given row, for polling what was sent since', async () => {
    const ledger = await ledgerFor(h, customerId);
    const after = await h.api.get(`/api/v1/messages?customerId=${customerId}&after=${ledger[0]!.id}`).expect(200);
    expect(after.body.items.map((m: { step: number }) => m.step)).toEqual([2, 1]);
    expect((await h.api.get(`/api/v1/messages?after=${ledger[2]!.id}&customerId=${customerId}`).expect(200)).body.items).toEqual([]);
    expect((await h.api.get('/api/v1/messages?after=xyz').expect(400)).body.error.details[0].path).toBe('after');
  });

  it('never sends the same step twice, however often the clock drains', async () => {
    await advance(h, '0s');
    await advance(h, '30d');
    expect(await outboxFor(h, 'timing@example.com')).toHaveLength(3);
  });
});

describe('exits', () => {
  it('ends the enrollment at once on a listed event, between steps', async () => {
    const segmentId = await createSegment(h, 'Cart open', { field: 'cart.status', op: 'eq', value: 'open' });
    const cadenceId = await createCadence(h, {
      name: 'Cart',
      segmentId,
      steps: [
        { delay: '1h', templateId },
        { delay: '1d', templateId },
      ],
      exitOn: { leftSegment: false, events: ['order_placed'] },
    });
    await h.api.post('/api/v1/events', { type: 'cart_updated', email: 'cart@example.com', properties: { total: 30, currency: 'EUR', items: [] } }).expect(202);
    await advance(h, '1h');
    expect(await outboxFor(h, 'cart@example.com')).toHaveLength(1);
    await h.api.post('/api/v1/events', { type: 'order_placed', email: 'cart@example.com', properties: { orderId: 'x-1', total: 30 } }).expect(202);
    const [e] = await enrollmentsOf(h, cadenceId);
    expect(e).toMatchObject({ status: 'exited', exitReason: 'event:order_placed', nextStepAt: null });
    await advance(h, '2d');
    expect(await outboxFor(h, 'cart@example.com')).toHaveLength(1);
  });

  it('ends the enrollment when the customer leaves the segment', async () => {
    const segmentId = await createSegment(h, 'Leavers', vipRule('leave'));
    const cadenceId = await createCadence(h, { name: 'Leave', segmentId, steps: [{ delay: '2h', templateId }] });
    const id = await upsertCustomer(h, { email: 'leave@example.com', attributes: { group: 'leave' } });
    await advance(h, '1h');
    await upsertCustomer(h, { email: 'leave@example.com', attributes: { group: 'other' } });
    await advance(h, '2h');
    expect(await enrollmentsOf(h, cadenceId)).toMatchObject([{ customerId: id, status: 'exited', exitReason: 'left_segment' }]);
    expect(await outboxFor(h, 'leave@example.com')).toHaveLength(0);
  });
});

describe('suppression', () => {
  it('records an unsubscribed address as suppressed and sends nothing', async () => {
    const segmentId = await createSegment(h, 'Suppressed', vipRule('supp'));
    const cadenceId = await createCadence(h, { name: 'Supp', segmentId, steps: [{ delay: '1h', templateId }], exitOn: { leftSegment: false, events: [] } });
    const bounced = await upsertCustomer(h, { email: 'bounced@example.com', attributes: { group: 'supp' } });
    await advance(h, '0s');
    await h.api.post('/api/v1/events', { type: 'email_bounced', customerId: bounced, properties: { hard: true } }).expect(202);
    // The bounce ended the enrollment at once.
    expect(await enrollmentsOf(h, cadenceId)).toMatchObject([{ status: 'exited', exitReason: 'bounced' }]);
    await advance(h, '1h');
    expect(await outboxFor(h, 'bounced@example.com')).toHaveLength(0);
  });

  it('checks suppression at send time, not when the step was scheduled', async () => {
    const segmentId = await createSegment(h, 'Late unsub', vipRule('late'));
    const cadenceId = await createCadence(h, { name: 'Late', segmentId, steps: [{ delay: '1h', templateId }], exitOn: { leftSegment: false, events: [] } });
    const id = await upsertCustomer(h, { email: 'late@example.com', attributes: { group: 'late' } });
    await advance(h, '0s');
    // Unsubscribed behind the engine's back (a direct database change): the send-time check catches it.
    await h.services.customers.collection.updateOne({ _id: new (await import('mongoose')).Types.ObjectId(id) }, { $set: { 'subscription.status': 'unsubscribed' } });
    await advance(h, '1h');
    expect(await outboxFor(h, 'late@example.com')).toHaveLength(0);
    expect(await ledgerFor(h, id)).toMatchObject([{ step: 0, status: 'suppressed', reason: 'unsubscribed' }]);
    expect(await enrollmentsOf(h, cadenceId)).toMatchObject([{ status: 'exited', exitReason: 'unsubscribed' }]);
  });
});

describe('timing rules', () => {
  it('moves a send inside quiet hours to the end of the window in the recipient timezone', async () => {
    const segmentId = await createSegment(h, 'Tokyo', vipRule('tokyo'));
    await createCadence(h, { name: 'Quiet', segmentId, steps: [{ delay: '10h', templateId }], quietHours: { start: '21:00', end: '08:00' } });
    const id = await upsertCustomer(h, { email: 'tokyo@example.com', timezone: 'Asia/Tokyo', attributes: { group: 'tokyo' } });
    const now = new Date((await h.api.get('/api/v1/clock')).body.now);
    await advance(h, '2d');
    const [m] = await ledgerFor(h, id);
    // Due 10h after entry; if that lands between 21:00 and 08:00 in Tokyo it goes out at 08:00 Tokyo (23:00 UTC).
    const due = new Date(now.getTime() + 10 * 3_600_000);
    const tokyoHour = (due.getUTCHours() + 9) % 24;
    const inQuiet = tokyoHour >= 21 || tokyoHour < 8;
    const sentAt = new Date(m!.sentAt!);
    if (inQuiet) expect(sentAt.getUTCHours()).toBe(23);
    else expect(sentAt).toEqual(due);
    expect(m!.status).toBe('sent');
  });

  it('holds a capped step until a slot is free, across cadences', async () => {
    const segmentId = await createSegment(h, 'Capped', vipRule('cap'));
    const cap = { max: 1, per: '1d' };
    await createCadence(h, { name: 'Cap A', segmentId, steps: [{ delay: '1h', templateId }], frequencyCap: cap });
    await createCadence(h, { name: 'Cap B', segmentId, steps: [{ delay: '2h', templateId }], frequencyCap: cap });
    const id = await upsertCustomer(h, { email: 'cap@example.com', attributes: { group: 'cap' } });
    await advance(h, '3h');
    expect(await outboxFor(h, 'cap@example.com')).toHaveLength(1);
    await advance(h, '1d');
    const ledger = await ledgerFor(h, id);
    expect(ledger.map((m) => m.status)).toEqual(['sent', 'sent']);
    const [a, b] = ledger.map((m) => new Date(m.sentAt!).getTime()).sort();
    expect(b! - a!).toBeGreaterThan(86_400_000);
  });

  it('pauses and resumes: nothing goes out while paused, the due step goes out on resume', async () => {
    const segmentId = await createSegment(h, 'Paused', vipRule('pause'));
    const cadenceId = await createCadence(h, { name: 'Pause', segmentId, steps: [{ delay: '1h', templateId }] });
    await upsertCustomer(h, { email: 'pause@example.com', attributes: { group: 'pause' } });
    await advance(h, '0s');
    await h.api.post(`/api/v1/cadences/${cadenceId}/pause`).expect(200);
    await advance(h, '5h');
    expect(await outboxFor(h, 'pause@example.com')).toHaveLength(0);
    await h.api.post(`/api/v1/cadences/${cadenceId}/resume`).expect(200);
    await advance(h, '0s');
    expect(await outboxFor(h, 'pause@example.com')).toHaveLength(1);
  });
});

describe('skips and re-entry', () => {
  it('skips a step whose onlyIf rules do not hold at send time', async () => {
    const segmentId = await createSegment(h, 'Only if', vipRule('onlyif'));
    await createCadence(h, {
      name: 'Only',
      segmentId,
      steps: [
        { delay: '1h', templateId, onlyIf: { field: 'attributes.vip', op: 'eq', value: true } },
        { delay: '1h', templateId },
      ],
    });
    const id = await upsertCustomer(h, { email: 'onlyif@example.com', attributes: { group: 'onlyif', vip: false } });
    await advance(h, '3h');
    expect((await ledgerFor(h, id)).map((m) => [m.step, m.status])).toEqual([
      [0, 'skipped'],
      [1, 'sent'],
    ]);
  });

  it('enrolls again after the re-entry delay, and never with reentry never', async () => {
    const segmentId = await createSegment(h, 'Reentry', vipRule('re'));
    const again = await createCadence(h, { name: 'Again', segmentId, steps: [{ delay: '1h', templateId }], reentry: { mode: 'after', after: '2d' } });
    const once = await createCadence(h, { name: 'Once', segmentId, steps: [{ delay: '1h', templateId }] });
    await upsertCustomer(h, { email: 're@example.com', attributes: { group: 're' } });
    await advance(h, '2h');
    await upsertCustomer(h, { email: 're@example.com', attributes: { group: 'out' } });
    await advance(h, '3d');
    await upsertCustomer(h, { email: 're@example.com', attributes: { group: 're' } });
    await advance(h, '2h');
    expect(await enrollmentsOf(h, again)).toHaveLength(2);
    expect(await enrollmentsOf(h, once)).toHaveLength(1);
  });
});

describe('validation', () => {
  it('refuses a cadence with an unknown segment or template, storing nothing', async () => {
    const before = (await h.api.get('/api/v1/cadences?limit=500')).body.items.length;
    const res = await h.api.post('/api/v1/cadences', { name: 'Bad', segmentId: '0123456789abcdef01234567', steps: [{ delay: '1h', templateId: '0123456789abcdef01234567' }] }).expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['segmentId', 'steps.0.templateId']);
    await h.api.post('/api/v1/cadences', { name: 'Bad', segmentId: 'x', steps: [] }).expect(400);
    expect((await h.api.get('/api/v1/cadences?limit=500')).body.items.length).toBe(before);
  });

  it('refuses deleting a segment an active cadence uses (409)', async () => {
    const segmentId = await createSegment(h, 'In use', vipRule('inuse'));
    await createCadence(h, { name: 'User', segmentId, steps: [{ delay: '1h', templateId }] });
    await h.api.delete(`/api/v1/segments/${segmentId}`).expect(409);
  });
});
