/**
 * Words for the rule language: field and op labels, which value input each field and op take,
 * and a sentence for every node (the read-only view of a segment's rules). What is valid comes
 * from the server's catalog (`GET /segments/fields`); only the wording lives here.
 */
import type { CountOp, FieldType, RuleCatalog } from '../../../api';
import { formatDate, humanize } from '../../../ui/format';
import type { ValueType } from './draft';

const fieldLabels: Record<string, string> = {
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  timezone: 'Timezone',
  locale: 'Locale',
  createdAt: 'Customer since',
  lifecycle: 'Lifecycle stage',
  'subscription.status': 'Subscription status',
  'subscription.updatedAt': 'Subscription changed',
  'stats.ordersCount': 'Number of orders',
  'stats.totalSpent': 'Total spent',
  'stats.avgOrderValue': 'Average order value',
  'stats.emailsSent': 'Emails sent',
  'stats.emailsOpened': 'Emails opened',
  'stats.emailsClicked': 'Emails clicked',
  'stats.firstOrderAt': 'First order',
  'stats.lastOrderAt': 'Last order',
  'stats.lastSeenAt': 'Last seen',
  'stats.lastEmailSentAt': 'Last email sent',
  'stats.lastOpenAt': 'Last email open',
  'stats.lastClickAt': 'Last email click',
  'cart.status': 'Cart status',
  'cart.total': 'Cart total',
  'cart.itemCount': 'Items in cart',
  'cart.currency': 'Cart currency',
  'cart.checkoutUrl': 'Checkout URL',
  'cart.updatedAt': 'Cart last updated',
  'rfm.recency': 'RFM recency (1-5)',
  'rfm.frequency': 'RFM frequency (1-5)',
  'rfm.monetary': 'RFM monetary (1-5)',
  'rfm.score': 'RFM score',
  'rfm.tier': 'RFM tier',
};

const groupOf = (path: string): string => {
  const head = path.split('.')[0]!;
  return head === 'stats' ? 'Orders and email' : head === 'cart' ? 'Cart' : head === 'rfm' ? 'RFM' : 'Profile';
};

export function fieldLabel(path: string): string {
  if (fieldLabels[path]) return fieldLabels[path];
  if (path.startsWith('attributes.')) return `Attribute “${path.slice('attributes.'.length)}”`;
  if (path.startsWith('properties.')) return path.slice('properties.'.length) || 'property';
  return path;
}

/** The field picker's options, grouped as a marketer thinks of them. */
export function fieldOptions(catalog: RuleCatalog): { group: string; items: { value: string; label: string }[] }[] {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const f of catalog.fields) {
    const g = groupOf(f.path);
    groups.set(g, [...(groups.get(g) ?? []), { value: f.path, label: fieldLabel(f.path) }]);
  }
  groups.set('Custom', [{ value: ATTRIBUTE, label: 'Custom attribute…' }]);
  return [...groups].map(([group, items]) => ({ group, items }));
}

/** The picker's value for "a custom attribute" (the name is typed beside it). */
export const ATTRIBUTE = '__attribute__';

export function fieldTypeOf(catalog: RuleCatalog, path: string): FieldType | null {
  if (path.startsWith('attributes.')) return 'attribute';
  if (path.startsWith('properties.')) return 'property';
  return catalog.fields.find((f) => f.path === path)?.type ?? null;
}

export function opsOf(catalog: RuleCatalog, path: string): string[] {
  const type = fieldTypeOf(catalog, path);
  if (type === 'attribute') return catalog.attributeOps;
  if (type === 'property') return catalog.propertyOps;
  return catalog.fields.find((f) => f.path === path)?.ops ?? [];
}

export const enumValuesOf = (catalog: RuleCatalog, path: string): string[] => catalog.fields.find((f) => f.path === path)?.values ?? [];

const opWords: Record<string, string> = {
  eq: 'is',
  ne: 'is not',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  in: 'is one of',
  nin: 'is none of',
  contains: 'contains',
  startsWith: 'starts with',
  endsWith: 'ends with',
  between: 'is between',
  withinLast: 'is within the last',
  moreThanAgo: 'is older than',
  before: 'is before',
  after: 'is after',
};
const dateOpWords: Record<string, string> = { eq: 'is exactly', gt: 'is later than', gte: 'is on or after', lt: 'is earlier than', lte: 'is on or before' };

/** `exists` is offered as two choices, "is set" and "is not set", each fixing the value. */
export const EXISTS_TRUE = 'exists:true';
export const EXISTS_FALSE = 'exists:false';

export function opOptions(ops: string[], type: FieldType | null): { value: string; label: string }[] {
  return ops.flatMap((op) =>
    op === 'exists'
      ? [
          { value: EXISTS_TRUE, label: 'is set' },
          { value: EXISTS_FALSE, label: 'is not set' },
        ]
      : [{ value: op, label: (type === 'date' && dateOpWords[op]) || opWords[op] || op }],
  );
}

export const opValue = (op: string, value: unknown): string => (op === 'exists' ? (value === false ? EXISTS_FALSE : EXISTS_TRUE) : op);

/** The input a value needs: fixed by the field's type, else by the chosen value type. */
export type ValueKind = 'none' | 'text' | 'number' | 'boolean' | 'date' | 'duration' | 'enum';

export function valueKind(type: FieldType | null, op: string, chosen: ValueType): ValueKind {
  if (op === 'exists') return 'none';
  if (op === 'contains' || op === 'startsWith' || op === 'endsWith') return 'text';
  if (op === 'withinLast' || op === 'moreThanAgo') return 'duration';
  if (op === 'before' || op === 'after') return 'date';
  if (type === 'number') return 'number';
  if (type === 'date') return 'date';
  if (type === 'enum') return 'enum';
  if (type === 'string' || type === 'email' || type === null) return 'text';
  return chosen;
}

/** The value types an attribute or event property may take with this op (empty: fixed by the op). */
export function valueTypeChoices(type: FieldType | null, op: string): ValueType[] {
  if (type !== 'attribute' && type !== 'property') return [];
  if (['exists', 'contains', 'startsWith', 'endsWith', 'withinLast', 'moreThanAgo', 'before', 'after'].includes(op)) return [];
  if (['gt', 'gte', 'lt', 'lte', 'between'].includes(op)) return type === 'attribute' ? ['number', 'date'] : ['number'];
  if (op === 'in' || op === 'nin') return ['text', 'number'];
  return ['text', 'number', 'boolean'];
}

export const valueTypeLabels: Record<ValueType, string> = { text: 'Text', number: 'Number', boolean: 'Yes / no', date: 'Date' };

export const countOpLabels: Record<CountOp, string> = { gte: 'at least', gt: 'more than', eq: 'exactly', lt: 'fewer than', lte: 'at most' };

export const durationUnits = [
  { value: 'm', label: 'minutes', one: 'minute' },
  { value: 'h', label: 'hours', one: 'hour' },
  { value: 'd', label: 'days', one: 'day' },
  { value: 'w', label: 'weeks', one: 'week' },
  { value: 's', label: 'seconds', one: 'second' },
];

export function parseDuration(v: unknown): { amount: number; unit: string } | null {
  const m = typeof v === 'string' ? /^(\d+)([smhdw])$/.exec(v) : null;
  return m ? { amount: Number(m[1]), unit: m[2]! } : null;
}

export function formatDuration(v: unknown): string {
  const d = parseDuration(v);
  if (!d) return String(v ?? '');
  const unit = durationUnits.find((u) => u.value === d.unit)!;
  return `${d.amount} ${d.amount === 1 ? unit.one : unit.label}`;
}

export function eventLabel(type: string): string {
  return type ? humanize(type) : 'an event';
}

/** A value as a marketer reads it. */
export function formatValue(v: unknown, op: string, type: FieldType | null): string {
  if (v === undefined || v === null || v === '') return '…';
  if (op === 'withinLast' || op === 'moreThanAgo') return formatDuration(v);
  if (Array.isArray(v)) return op === 'between' ? `${formatValue(v[0], 'eq', type)} and ${formatValue(v[1], 'eq', type)}` : v.map((x) => formatValue(x, 'eq', type)).join(', ');
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) && (type === 'date' || ['before', 'after'].includes(op) || type === 'attribute')) return formatDate(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (type === 'enum' && typeof v === 'string') return humanize(v);
  return typeof v === 'string' ? `“${v}”` : String(v);
}

export function describeCondition(c: { field: string; op: string; value?: unknown }, catalog: RuleCatalog | undefined): string {
  const type = catalog ? fieldTypeOf(catalog, c.field) : null;
  const label = fieldLabel(c.field);
  if (c.op === 'exists') return `${label} ${c.value === false ? 'is not set' : 'is set'}`;
  if (c.op === 'moreThanAgo') return `${label} is more than ${formatDuration(c.value)} ago`;
  const op = opOptions([c.op], type)[0]?.label ?? c.op;
  return `${label} ${op} ${formatValue(c.value, c.op, type)}`;
}
