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

export function fuzzTargets(): FuzzTarget[] {
  return [
    { method: 'post', path: '/api/v1/customers', schema: customerUpsertSchema, runs: 1400 },
    { method: 'post', path: '/api/v1/events', schema: eventShape, runs: 1400 },
    { method: 'post', path: '/api/v1/events', schema: z.object({ events: z.array(eventShape).max(5) }), runs: 1000 },
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
