/** How an upsert body changes an existing customer (pure; used by the API and the CSV import). */
import type { CustomerDoc } from './customer.model.js';
import type { CustomerUpsert } from './customer.schema.js';
import { attributesIn } from './customer.view.js';

export function applyUpsert(c: CustomerDoc, input: CustomerUpsert, now: Date): void {
  c.email = input.email;
  c.emailKey = input.email.toLowerCase();
  if (input.externalId) c.externalId = input.externalId;
  if (input.firstName !== undefined) c.firstName = input.firstName;
  if (input.lastName !== undefined) c.lastName = input.lastName;
  if (input.timezone !== undefined) c.timezone = input.timezone;
  if (input.locale !== undefined) c.locale = input.locale;
  // Attributes merge key by key (a PATCH-like upsert); send null to remove one.
  if (input.attributes) {
    const merged = { ...c.attributes, ...(attributesIn(input.attributes) as Record<string, unknown>) };
    for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k];
    c.attributes = merged;
  }
  if (input.subscribed === false && c.subscription.status === 'subscribed') c.subscription = { status: 'unsubscribed', updatedAt: now };
  // Bounced and complained addresses stay suppressed: a resubscribe cannot undo a complaint.
  if (input.subscribed === true && c.subscription.status === 'unsubscribed') c.subscription = { status: 'subscribed', updatedAt: now };
}

