/** The JSON endpoints the fuzz test drives, each with the zod schema its body is derived from. */
import { z } from 'zod';
import { customerUpsertSchema } from '../../server/modules/customers/index.js';
import { countOps, fieldOps } from '../../server/modules/segments/index.js';
import { SIMPLE_MJML } from '../factories/marketing.js';
import type { Harness } from './harness.js';

export interface FuzzTarget {
  method: 'post' | 'patch';
  path: string | ((h: Harness) => Promise<string>);
  schema: z.ZodType;
  runs?: number;
}

const eventShape = z.object({
  type: z.string().regex(/^[a-z0-9_.]{1,64}$/),
  email: z.email().optional(),
  occurredAt: z.iso.datetime().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  idempotencyKey: z.string().max(128).optional(),
});

/** Rule trees near the grammar (the real schema is a dispatcher that JSON Schema cannot describe). */
const condition = z.object({ field: z.enum(['email', 'stats.ordersCount', 'attributes.plan', 'lifecycle', 'createdAt', 'cart.updatedAt']), op: z.enum(fieldOps), value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string()).max(3)]) });
const eventCondition = z.object({ event: z.string().regex(/^[a-z_]{1,20}$/), within: z.string().max(6).optional(), count: z.object({ op: z.enum(countOps), value: z.number().int() }).optional() });
const ruleShape = z.union([condition, eventCondition, z.object({ all: z.array(z.union([condition, eventCondition])).max(3) }), z.object({ not: condition })]);

const id = z.string().regex(/^[0-9a-f]{24}$/);
const duration = z.string().regex(/^\d{1,3}[smhdw]$/);
const cadenceShape = z.object({
  name: z.string().min(1).max(40),
  segmentId: id,
  steps: z.array(z.object({ delay: duration, templateId: id, skipIf: z.enum(['opened_previous', 'clicked_previous', 'opened_any', 'clicked_any']).optional() })).max(3),
  exitOn: z.object({ leftSegment: z.boolean(), events: z.array(z.string().regex(/^[a-z_]{1,12}$/)).max(2) }).optional(),
  reentry: z.union([z.object({ mode: z.literal('never') }), z.object({ mode: z.literal('after'), after: duration })]).optional(),
  quietHours: z.object({ start: z.string().regex(/^\d\d:\d\d$/), end: z.string().regex(/^\d\d:\d\d$/) }).optional(),
  frequencyCap: z.object({ max: z.number().int(), per: duration }).optional(),
});

/** Objects the paths below need, created once per run through the API. */
const made = new Map<string, string>();
async function once(h: Harness, key: string, create: () => Promise<string>): Promise<string> {
  if (!made.has(key)) made.set(key, await create());
  return made.get(key)!;
}
const template = (h: Harness) =>
  once(h, 'template', async () => (await h.api.post('/api/v1/templates', { name: 'Fuzz', subject: 'Hi {{customer.firstName}}', preheader: '', mjml: SIMPLE_MJML }).expect(201)).body.id);
const segment = (h: Harness) => once(h, 'segment', async () => (await h.api.post('/api/v1/segments', { name: 'Fuzz', rules: { field: 'attributes.plan', op: 'eq', value: 'fuzz' } }).expect(201)).body.id);
const draftCadence = (h: Harness) =>
  once(h, 'cadence', async () => (await h.api.post('/api/v1/cadences', { name: 'Fuzz', segmentId: await segment(h), steps: [{ delay: '1h', templateId: await template(h) }] }).expect(201)).body.id);

export function fuzzTargets(): FuzzTarget[] {
  return [
    { method: 'post', path: '/api/v1/cadences', schema: cadenceShape, runs: 300 },
    { method: 'patch', path: async (h) => `/api/v1/cadences/${await draftCadence(h)}`, schema: cadenceShape.partial(), runs: 200 },
    { method: 'post', path: async (h) => `/api/v1/cadences/${await draftCadence(h)}/activate`, schema: z.object({ enrollExisting: z.boolean() }), runs: 50 },
    { method: 'patch', path: async (h) => `/api/v1/segments/${await segment(h)}`, schema: z.object({ name: z.string().min(1).max(50), description: z.string().max(50), rules: ruleShape }).partial(), runs: 200 },
    { method: 'patch', path: async (h) => `/api/v1/templates/${await template(h)}`, schema: z.object({ name: z.string().min(1).max(50), subject: z.string().max(80), mjml: z.enum([SIMPLE_MJML, '<mjml>']) }).partial(), runs: 150 },
    { method: 'post', path: async (h) => `/api/v1/templates/${await template(h)}/preview`, schema: z.object({ customerId: id.optional(), data: z.record(z.string(), z.unknown()).optional() }), runs: 200 },
    { method: 'post', path: async (h) => `/api/v1/templates/${await template(h)}/test-send`, schema: z.object({ to: z.email() }), runs: 60 },
    // An unknown message: a valid verdict answers 404, anything else 400; nothing changes either way.
    { method: 'post', path: '/api/v1/messages/0123456789abcdef01234567/resolve', schema: z.object({ delivered: z.boolean(), note: z.string().max(600).optional() }), runs: 100 },
    { method: 'post', path: '/api/v1/starters', schema: z.object({ activate: z.boolean(), enrollExisting: z.boolean() }).partial(), runs: 30 },
    { method: 'post', path: async (h) => new URL((await h.api.get('/api/v1/webhooks').expect(200)).body.emailEvents.url).pathname, schema: eventShape.extend({ type: z.enum(['email_bounced', 'email_complained']) }), runs: 200 },
    { method: 'post', path: '/api/v1/customers', schema: customerUpsertSchema, runs: 900 },
    { method: 'post', path: '/api/v1/events', schema: eventShape, runs: 900 },
    { method: 'post', path: '/api/v1/events', schema: z.object({ events: z.array(eventShape).max(5) }), runs: 700 },
    { method: 'post', path: '/api/v1/clock/advance', schema: z.object({ by: z.string().regex(/^\d{1,3}[smh]$/) }), runs: 500 },
    { method: 'post', path: '/api/v1/segments', schema: z.object({ name: z.string().min(1).max(50), rules: ruleShape }), runs: 400 },
    { method: 'post', path: '/api/v1/segments/preview', schema: z.object({ rules: ruleShape }), runs: 300 },
    { method: 'post', path: '/api/v1/auth/login', schema: z.object({ email: z.email(), password: z.string() }), runs: 200 },
    { method: 'post', path: '/api/v1/users', schema: z.object({ email: z.email(), password: z.string().min(10), role: z.enum(['admin', 'marketer', 'viewer']) }), runs: 100 },
    {
      method: 'post',
      path: '/api/v1/templates',
      schema: z.object({ name: z.string().min(1).max(200), subject: z.string().min(1).max(200), preheader: z.string().max(200), mjml: z.enum([SIMPLE_MJML, '<mjml><mj-body></mj-body></mjml>', '<mjml>']), text: z.string().max(200).optional() }),
      runs: 400,
    },
    {
      method: 'post',
      path: '/api/v1/templates/preview',
      schema: z.object({ subject: z.string().min(1).max(200), preheader: z.string().max(200), mjml: z.enum([SIMPLE_MJML, '<mjml><mj-body></mj-body></mjml>', '<mjml>', '{{#if x}}<mjml>']), data: z.record(z.string(), z.unknown()).optional() }),
      runs: 200,
    },
    { method: 'post', path: '/api/v1/api-keys', schema: z.object({ name: z.string().min(1), role: z.enum(['admin', 'marketer', 'viewer']) }), runs: 500 },
  ];
}
