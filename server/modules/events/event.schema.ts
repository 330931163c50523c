/** Events: what `POST /api/v1/events` takes (one, or a batch of 1 to 1000) and what it answers. */
import { z } from 'zod';
import { isoDateSchema, objectIdSchema, safeObject } from '../../lib/schemas.js';

export const eventTypeSchema = z.string().regex(/^[a-z0-9_.]{1,64}$/, 'must be 1-64 characters of a-z, 0-9, _ and .');

const money = z.number().finite().min(0, 'must be >= 0');

/** Property rules for the well-known types; custom types take any safe object. */
// A Map, not an object: an event type like "constructor" must not find Object.prototype members.
const knownProperties = new Map<string, z.ZodType>(Object.entries({
  order_placed: z.looseObject({ orderId: z.union([z.string().max(128), z.number()]).optional(), total: money, currency: z.string().max(8).optional(), items: z.array(z.record(z.string(), z.unknown())).max(500).optional() }),
  cart_updated: z.looseObject({ total: money.optional(), currency: z.string().max(8).optional(), items: z.array(z.record(z.string(), z.unknown())).max(500).optional(), checkoutUrl: z.url({ protocol: /^https?$/ }).max(2048).optional() }),
  email_bounced: z.looseObject({ messageId: z.string().max(256).optional(), hard: z.boolean().optional() }),
  email_complained: z.looseObject({ messageId: z.string().max(256).optional() }),
}));

export const eventInputSchema = z
  .strictObject({
    type: eventTypeSchema,
    customerId: objectIdSchema.optional(),
    externalId: z.string().trim().min(1).max(128).optional(),
    email: z.string().trim().max(254).pipe(z.email({ message: 'must be an email address' })).optional(),
    occurredAt: isoDateSchema.optional(),
    properties: safeObject(6).optional(),
    idempotencyKey: z.string().min(1).max(128).optional(),
  })
  .superRefine((e, ctx) => {
    const ids = [e.customerId, e.externalId, e.email].filter((x) => x !== undefined).length;
    if (ids !== 1) ctx.addIssue({ code: 'custom', path: ['customerId'], message: 'give exactly one of customerId, externalId, email' });
    const rule = knownProperties.get(e.type);
    if (rule) {
      const r = rule.safeParse(e.properties ?? {});
      if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: ['properties', ...i.path.map(String)], message: i.message });
    }
  });
export type EventInput = z.infer<typeof eventInputSchema>;

export const eventBatchSchema = z.strictObject({
  events: z.array(z.unknown()).min(1, 'send 1 to 1000 events').max(1000, 'send 1 to 1000 events'),
});

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: string }[];
}

/** Types the system writes itself (tracking, sending). Accepted from clients too (e.g. imports of history). */
export const systemEventTypes = ['email_sent', 'email_opened', 'email_clicked', 'unsubscribed', 'resubscribed'] as const;

/** An event on a customer's timeline (`GET /customers/:id/timeline`, `kind: "event"`). */
export type EventTimelineItem = {
  kind: 'event';
  at: string;
  id: string;
  type: string;
  properties: Record<string, unknown>;
};
