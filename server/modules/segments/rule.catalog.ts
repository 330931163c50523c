/**
 * What the rule language offers, as data (`GET /api/v1/segments/fields`): every profile field with
 * its type, enum values and the ops that apply, the ops of free-form attributes and event
 * properties, and the well-known event types with their properties. Built from the same tables the
 * validator uses, so a rule builder that offers only these cannot drift from what the API accepts.
 */
import { countOps, fixedFields, MAX_CONDITIONS, MAX_LEVELS, MAX_LIST_VALUES, opsFor, type CountOp, type FieldOp, type FieldType } from './rule.schema.js';

export interface CatalogField {
  path: string;
  type: FieldType;
  /** The allowed values of an enum field. */
  values?: string[];
  ops: FieldOp[];
}

export interface CatalogEvent {
  type: string;
  /** Properties the event is known to carry (conditions may name any other too). */
  properties: string[];
  /** Written by Retainly itself (sends, tracking), not by the shop. */
  system: boolean;
}

export interface RuleCatalog {
  fields: CatalogField[];
  /** Ops on `attributes.<name>` (any scalar value). */
  attributeOps: FieldOp[];
  /** Ops on an event condition's `where` (`properties.<name>`). */
  propertyOps: FieldOp[];
  countOps: CountOp[];
  events: CatalogEvent[];
  limits: { levels: number; conditions: number; listValues: number };
}

/** The well-known event types (contract section 4) and the properties they carry. */
const events: CatalogEvent[] = [
  { type: 'order_placed', properties: ['orderId', 'total', 'currency', 'items'], system: false },
  { type: 'cart_updated', properties: ['total', 'currency', 'items', 'checkoutUrl'], system: false },
  { type: 'cart_cleared', properties: [], system: false },
  { type: 'page_viewed', properties: ['url', 'sku', 'category'], system: false },
  { type: 'product_viewed', properties: ['url', 'sku', 'category'], system: false },
  { type: 'email_bounced', properties: ['messageId', 'hard'], system: false },
  { type: 'email_complained', properties: ['messageId'], system: false },
  { type: 'email_sent', properties: ['messageId', 'cadenceId', 'step'], system: true },
  { type: 'email_opened', properties: ['messageId', 'cadenceId', 'segmentId', 'step', 'machine'], system: true },
  { type: 'email_clicked', properties: ['messageId', 'cadenceId', 'segmentId', 'step', 'machine', 'linkIndex', 'url'], system: true },
  { type: 'unsubscribed', properties: ['source', 'messageId', 'cadenceId', 'segmentId', 'step'], system: true },
  { type: 'resubscribed', properties: ['source'], system: true },
];

export function ruleCatalog(): RuleCatalog {
  return {
    fields: [...fixedFields].map(([path, info]) => ({ path, type: info.type, ...(info.values ? { values: [...info.values] } : {}), ops: [...opsFor[info.type]] })),
    attributeOps: [...opsFor.attribute],
    propertyOps: [...opsFor.property],
    countOps: [...countOps],
    events,
    limits: { levels: MAX_LEVELS, conditions: MAX_CONDITIONS, listValues: MAX_LIST_VALUES },
  };
}
