/**
 * Feedback from events into the send ledger, whichever way the events came (the API, the webhook,
 * tracking): a bounce or complaint that names a message marks it; an order is attributed to the
 * last message the customer clicked within 5 days before it (a conversion, with its revenue), read
 * from the clicks the profile remembers, so no query is needed.
 * Runs after the profile write, so the events are stored and applied once.
 */
import { Types } from 'mongoose';
import type { ProfileHook } from '../customers/index.js';
import { CONVERSION_WINDOW_MS, type Order, type SendService } from '../sends/index.js';

const HEX24 = /^[0-9a-f]{24}$/;

export function feedbackHook(sends: SendService): ProfileHook {
  return {
    name: 'ledger-feedback',
    beforeWrite: async () => {},
    afterWrite: async (changes) => {
      const bounces: { ref: string; kind: 'bounce' | 'complaint'; at: Date }[] = [];
      const orders: (Order & { messageId: Types.ObjectId })[] = [];
      for (const c of changes) {
        for (const e of c.events) {
          if ((e.type === 'email_bounced' || e.type === 'email_complained') && typeof e.properties.messageId === 'string') {
            bounces.push({ ref: e.properties.messageId.replace(/^<|>$/g, ''), kind: e.type === 'email_bounced' ? 'bounce' : 'complaint', at: e.occurredAt });
          } else if (e.type === 'order_placed') {
            const orderId = e.properties.orderId;
            const key = typeof orderId === 'string' || typeof orderId === 'number' ? `${c.after._id.toHexString()}:${orderId}` : `${c.after._id.toHexString()}:${e.occurredAt.toISOString()}`;
            const total = typeof e.properties.total === 'number' && Number.isFinite(e.properties.total) ? e.properties.total : 0;
            // Last touch: the latest human click at most 5 days before the order (kept on the profile).
            const touch = (c.after.recentClicks ?? []).find((k) => k.at.getTime() <= e.occurredAt.getTime() && e.occurredAt.getTime() - k.at.getTime() <= CONVERSION_WINDOW_MS);
            if (touch && HEX24.test(touch.messageId)) orders.push({ key, customerId: c.after._id, at: e.occurredAt, total, messageId: new Types.ObjectId(touch.messageId) });
          }
        }
      }
      if (bounces.length) await markBounces(sends, bounces);
      await sends.facts.attribute(orders);
    },
  };
}

async function markBounces(sends: SendService, bounces: { ref: string; kind: 'bounce' | 'complaint'; at: Date }[]): Promise<void> {
  const smtpRefs = bounces.filter((b) => !HEX24.test(b.ref)).map((b) => b.ref);
  const bySmtp = new Map<string, Types.ObjectId>();
  for (const m of await sends.bySmtpMessageIds([...smtpRefs, ...smtpRefs.map((r) => `<${r}>`)])) bySmtp.set(m.smtpMessageId!.replace(/^<|>$/g, ''), m._id);
  for (const b of bounces) {
    const id = HEX24.test(b.ref) ? new Types.ObjectId(b.ref) : bySmtp.get(b.ref);
    if (id) await sends.facts.bounced(id, b.kind, b.at);
  }
}
