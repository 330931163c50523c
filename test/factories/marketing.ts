/** Factories that set up marketing objects through the public API, as a marketer would. */
import { expect } from 'vitest';
import type { MessageView } from '../../server/modules/sends/index.js';
import type { Harness } from '../helpers/harness.js';

export const SIMPLE_MJML = `<mjml>
  <mj-body>
    <mj-section><mj-column>
      <mj-text>Hello {{default customer.firstName "there"}}, step {{step.index}} of {{cadence.name}}.</mj-text>
      <mj-button href="https://shop.example/checkout">Back to your cart</mj-button>
      <mj-text><a href="{{unsubscribeUrl}}">Unsubscribe</a></mj-text>
    </mj-column></mj-section>
  </mj-body>
</mjml>`;

export async function createTemplate(h: Harness, name = 'Reminder'): Promise<string> {
  const res = await h.api.post('/api/v1/templates', { name, subject: `${name} for {{customer.firstName}}`, preheader: 'Your cart', mjml: SIMPLE_MJML });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

export async function createSegment(h: Harness, name: string, rules: unknown): Promise<string> {
  const res = await h.api.post('/api/v1/segments', { name, description: name, rules });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await h.api.post('/api/v1/clock/advance', { by: '0s' }).expect(200);
  return res.body.id as string;
}

export async function createCadence(h: Harness, body: Record<string, unknown>, activate = true): Promise<string> {
  const res = await h.api.post('/api/v1/cadences', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  if (activate) await h.api.post(`/api/v1/cadences/${res.body.id}/activate`, { enrollExisting: true }).expect(200);
  return res.body.id as string;
}

export async function upsertCustomer(h: Harness, body: Record<string, unknown>): Promise<string> {
  const res = await h.api.post('/api/v1/customers', body);
  expect([200, 201]).toContain(res.status);
  return res.body.id as string;
}

export async function advance(h: Harness, by: string): Promise<void> {
  await h.api.post('/api/v1/clock/advance', { by }).expect(200);
}

export async function outboxFor(h: Harness, email: string): Promise<{ subject: string; html: string; text: string; headers: Record<string, string>; receivedAt: string }[]> {
  const res = await h.api.get(`/api/v1/outbox?to=${encodeURIComponent(email)}&limit=500`).expect(200);
  return res.body.items;
}

export async function ledgerFor(h: Harness, customerId: string): Promise<MessageView[]> {
  const res = await h.api.get(`/api/v1/messages?customerId=${customerId}&limit=500`).expect(200);
  return (res.body.items as MessageView[]).sort((a, b) => a.step - b.step);
}

export async function enrollmentsOf(h: Harness, cadenceId: string, status?: string): Promise<{ id: string; customerId: string; status: string; exitReason: string | null; currentStep: number; nextStepAt: string | null }[]> {
  const res = await h.api.get(`/api/v1/cadences/${cadenceId}/enrollments${status ? `?status=${status}` : ''}`).expect(200);
  return res.body.items;
}
