/**
 * Messages under review (maybe delivered: a crash between the SMTP hand-off and the ledger update)
 * and how a person resolves them: delivered counts as sent in the reports and the profile, not
 * delivered as failed, nothing is ever sent again, and a retried verdict changes nothing.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { advance, createCadence, createSegment, createTemplate, enrollmentsOf, ledgerFor, outboxFor, upsertCustomer } from '../factories/marketing.js';

let h: Harness;
let templateId: string;
let segmentId: string;
let cadenceId: string;
// Monday 2026-04-06 09:00 UTC
beforeAll(async () => {
  h = await startHarness({ catcher: true, start: new Date('2026-04-06T09:00:00Z') });
  templateId = await createTemplate(h);
  segmentId = await createSegment(h, 'Review', { field: 'attributes.group', op: 'eq', value: 'review' });
  cadenceId = await createCadence(h, { name: 'Review', segmentId, steps: [{ delay: '1h', templateId }] });
});
afterAll(async () => {
  await h.close();
});

/**
 * A customer whose step 0 is left in review the way a crash leaves it: the ledger row was written
 * (`sending`) and the process died before recording the outcome; the step coming round again finds it.
 */
async function reviewFor(email: string): Promise<{ customerId: string; messageId: string }> {
  const customerId = await upsertCustomer(h, { email, attributes: { group: 'review' } });
  await advance(h, '0s');
  const [enrollment] = (await enrollmentsOf(h, cadenceId)).filter((e) => e.customerId === customerId);
  const s = h.services.sends;
  const row = s.newRow({ enrollmentId: new Types.ObjectId(enrollment!.id), cadenceId: new Types.ObjectId(cadenceId), segmentId: new Types.ObjectId(segmentId), customerId: new Types.ObjectId(customerId), step: 0, templateId: new Types.ObjectId(templateId), templateVersion: 1, to: email }, h.services.clock.now());
  await s.insert([row]);
  await advance(h, '1h');
  const [message] = await ledgerFor(h, customerId);
  expect(message).toMatchObject({ status: 'review', sentAt: null, resolvedAt: null });
  expect(await outboxFor(h, email)).toHaveLength(0);
  return { customerId, messageId: message!.id };
}

const segmentReport = async (): Promise<{ sent: number; failed: number }> =>
  (await h.api.get('/api/v1/reports/segments?from=2026-04-01&to=2026-04-30').expect(200)).body.items.find((r: { segmentId: string }) => r.segmentId === segmentId);

describe('POST /api/v1/messages/:id/resolve', () => {
  it('lists messages under review, and never sends them again by itself', async () => {
    const { messageId } = await reviewFor('maybe@example.com');
    const listed = await h.api.get('/api/v1/messages?status=review').expect(200);
    expect(listed.body.items.map((m: { id: string }) => m.id)).toContain(messageId);
    await advance(h, '2d');
    expect(await outboxFor(h, 'maybe@example.com')).toHaveLength(0);
    expect(await enrollmentsOf(h, cadenceId, 'completed')).toHaveLength(1);
  });

  it('refuses a malformed verdict with 400 and changes nothing', async () => {
    const [row] = (await h.api.get('/api/v1/messages?status=review').expect(200)).body.items as { id: string }[];
    for (const body of [{}, { delivered: 'yes' }, { delivered: true, note: '' }, { delivered: true, extra: 1 }, { delivered: true, note: 'x'.repeat(501) }]) {
      const res = await h.api.post(`/api/v1/messages/${row!.id}/resolve`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await h.api.get(`/api/v1/messages/${row!.id}`).expect(200)).body).toMatchObject({ status: 'review', resolvedAt: null });
    await h.api.post(`/api/v1/messages/${new Types.ObjectId().toHexString()}/resolve`, { delivered: true }).expect(404);
    await h.api.post('/api/v1/messages/not-an-id/resolve', { delivered: true }).expect(400);
  });

  it('counts a message confirmed delivered as sent on the day it was handed over, once, in reports and the profile', async () => {
    const [row] = (await h.api.get('/api/v1/messages?status=review').expect(200)).body.items as { id: string; customerId: string; createdAt: string }[];
    const before = await segmentReport();
    const res = await h.api.post(`/api/v1/messages/${row!.id}/resolve`, { delivered: true, note: 'in the provider log' }).expect(200);
    expect(res.body).toMatchObject({ status: 'sent', sentAt: row!.createdAt, reason: 'confirmed delivered: in the provider log' });
    expect(res.body.resolvedAt).not.toBeNull();
    expect(await segmentReport()).toMatchObject({ sent: before.sent + 1, failed: before.failed });

    // A retried request (same verdict) answers the same and counts nothing twice.
    const again = await h.api.post(`/api/v1/messages/${row!.id}/resolve`, { delivered: true }).expect(200);
    expect(again.body).toEqual(res.body);
    await advance(h, '0s');
    expect(await segmentReport()).toMatchObject({ sent: before.sent + 1 });
    const customer = await h.api.get(`/api/v1/customers/${row!.customerId}`).expect(200);
    expect(customer.body.stats).toMatchObject({ emailsSent: 1, lastEmailSentAt: row!.createdAt });

    // The other verdict now is a conflict; so is resolving a message that was never under review.
    const conflict = await h.api.post(`/api/v1/messages/${row!.id}/resolve`, { delivered: false }).expect(409);
    expect(conflict.body.error.message).toMatch(/under review/);
    expect((await h.api.get(`/api/v1/messages/${row!.id}`).expect(200)).body.status).toBe('sent');
    expect(await outboxFor(h, 'maybe@example.com')).toHaveLength(0);
  });

  it('records a message confirmed not delivered as failed, without sending it', async () => {
    const { customerId, messageId } = await reviewFor('lost@example.com');
    const before = await segmentReport();
    const res = await h.api.post(`/api/v1/messages/${messageId}/resolve`, { delivered: false }).expect(200);
    expect(res.body).toMatchObject({ status: 'failed', sentAt: null, reason: 'confirmed not delivered' });
    expect(await segmentReport()).toMatchObject({ sent: before.sent, failed: before.failed + 1 });
    expect((await h.api.get(`/api/v1/customers/${customerId}`).expect(200)).body.stats.emailsSent).toBe(0);
    await advance(h, '1d');
    expect(await outboxFor(h, 'lost@example.com')).toHaveLength(0);
  });

  it('is refused to a viewer, and the rollups rebuilt from the ledger agree with the resolved rows', async () => {
    const { messageId } = await reviewFor('viewer-case@example.com');
    await h.raw.post(`/api/v1/messages/${messageId}/resolve`).set('Authorization', `Bearer ${h.keys.viewer}`).send({ delivered: true }).expect(403);
    expect((await h.api.get(`/api/v1/messages/${messageId}`).expect(200)).body.status).toBe('review');
    const before = await segmentReport();
    await h.api.post('/api/v1/reports/recompute').expect(200);
    expect(await segmentReport()).toEqual(before);
  });
});
