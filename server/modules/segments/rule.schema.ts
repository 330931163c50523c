/**
 * The segment rule language (contract section 5): one zod schema that validates a rule tree, gives
 * its TypeScript type, and names the bad node in every error (`rules.all.2.op`). Anything outside
 * the grammar is refused: unknown keys or ops, a `$` in a key, op or path, more than 8 levels or
 * 100 conditions, a value of the wrong type for the op and field, an unknown path.
 */
import { z } from 'zod';
import { durationMs, durationPattern } from '../../clock.js';
import { durationSchema, isoDateSchema, objectIdSchema } from '../../lib/schemas.js';
import { cartStatuses, lifecycles, subscriptionStatuses, tiers } from '../customers/index.js';
import { eventTypeSchema } from '../events/index.js';

export const MAX_LEVELS = 8;
export const MAX_CONDITIONS = 100;
export const MAX_LIST_VALUES = 500;
const MAX_STRING = 1000;

export const fieldOps = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'contains', 'startsWith', 'endsWith', 'exists', 'between', 'withinLast', 'moreThanAgo', 'before', 'after'] as const;
export type FieldOp = (typeof fieldOps)[number];
export const countOps = ['gte', 'gt', 'eq', 'lt', 'lte'] as const;
export type CountOp = (typeof countOps)[number];

/** What a field holds: decides which ops apply and what their values must be. */
export type FieldType = 'string' | 'email' | 'number' | 'date' | 'enum' | 'attribute' | 'property';
export interface FieldInfo {
  type: FieldType;
  /** Where it is stored on the document (email is matched on its lower-cased key). */
  storage: string;
  values?: readonly string[];
}

const number = (storage: string): FieldInfo => ({ type: 'number', storage });
const date = (storage: string): FieldInfo => ({ type: 'date', storage });
const string = (storage: string): FieldInfo => ({ type: 'string', storage });
const oneOf = (storage: string, values: readonly string[]): FieldInfo => ({ type: 'enum', storage, values });

export const fixedFields: ReadonlyMap<string, FieldInfo> = new Map<string, FieldInfo>([
  ['email', { type: 'email', storage: 'emailKey' }],
  ...(['firstName', 'lastName', 'timezone', 'locale'] as const).map((f): [string, FieldInfo] => [f, string(f)]),
  ['createdAt', date('createdAt')],
  ['subscription.status', oneOf('subscription.status', subscriptionStatuses)],
  ['subscription.updatedAt', date('subscription.updatedAt')],
  ['lifecycle', oneOf('lifecycle', lifecycles)],
  ...(['ordersCount', 'totalSpent', 'avgOrderValue', 'emailsSent', 'emailsOpened', 'emailsClicked'] as const).map((f): [string, FieldInfo] => [`stats.${f}`, number(`stats.${f}`)]),
  ...(['firstOrderAt', 'lastOrderAt', 'lastSeenAt', 'lastEmailSentAt', 'lastOpenAt', 'lastClickAt'] as const).map((f): [string, FieldInfo] => [`stats.${f}`, date(`stats.${f}`)]),
  ['cart.status', oneOf('cart.status', cartStatuses)],
  ['cart.total', number('cart.total')],
  ['cart.itemCount', number('cart.itemCount')],
  ['cart.currency', string('cart.currency')],
  ['cart.checkoutUrl', string('cart.checkoutUrl')],
  ['cart.updatedAt', date('cart.updatedAt')],
  ...(['recency', 'frequency', 'monetary'] as const).map((f): [string, FieldInfo] => [`rfm.${f}`, number(`rfm.${f}`)]),
  ['rfm.score', string('rfm.score')],
  ['rfm.tier', oneOf('rfm.tier', tiers)],
]);

/** A free-form name segment: no `$`, no NUL, not all digits (MongoDB would read it as an array index). */
function validNameParts(parts: string[]): boolean {
  return parts.length > 0 && parts.every((p) => p.length > 0 && p.length <= 128 && !/[$\0]/.test(p) && !/^\d+$/.test(p) && !['__proto__', 'constructor', 'prototype'].includes(p));
}

const PROFILE_PATHS = 'email, firstName, lastName, timezone, locale, createdAt, subscription.status, subscription.updatedAt, lifecycle, attributes.<name>, stats.<name>, cart.<name> or rfm.<name>';

/** The field a condition names, or why it names none. */
export function fieldInfo(path: string, scope: 'profile' | 'event'): FieldInfo | string {
  const parts = path.split('.');
  if (scope === 'event') {
    if (parts[0] !== 'properties' || !validNameParts(parts.slice(1))) return 'conditions in "where" name an event property: properties.<name> (dots for nesting; no $)';
    return { type: 'property', storage: path };
  }
  const fixed = fixedFields.get(path);
  if (fixed) return fixed;
  if (parts[0] === 'attributes') {
    if (!validNameParts(parts.slice(1))) return 'attributes.<name>: names may not be empty, contain $ or be all digits';
    return { type: 'attribute', storage: path };
  }
  if (['stats', 'cart', 'rfm', 'subscription'].includes(parts[0]!)) {
    const known = [...fixedFields.keys()].filter((k) => k.startsWith(`${parts[0]}.`));
    return `unknown field; ${parts[0]} has ${known.join(', ')}`;
  }
  return `unknown field; use ${PROFILE_PATHS}`;
}

/** Which ops each kind of field takes. */
export const opsFor: Record<FieldType, readonly FieldOp[]> = {
  string: ['eq', 'ne', 'in', 'nin', 'contains', 'startsWith', 'endsWith', 'exists'],
  email: ['eq', 'ne', 'in', 'nin', 'contains', 'startsWith', 'endsWith', 'exists'],
  enum: ['eq', 'ne', 'in', 'nin', 'exists'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'exists', 'between'],
  date: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'exists', 'between', 'withinLast', 'moreThanAgo', 'before', 'after'],
  attribute: fieldOps,
  property: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'contains', 'startsWith', 'endsWith', 'exists', 'between'],
};

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const text = z.string().max(MAX_STRING);
const needle = z.string().min(1, 'must not be empty').max(MAX_STRING);
const scalar = z.union([text, finite, z.boolean()], { error: 'must be a string, a number or a boolean' });
const positiveDuration = durationSchema.refine((d) => !durationPattern.test(d) || durationMs(d) > 0, 'must be longer than 0');
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'give at least one value').max(MAX_LIST_VALUES, `give at most ${MAX_LIST_VALUES} values`);
const numberOrDate = z.union([finite, isoDateSchema], { error: 'must be a number or an ISO date' });
const bounds = <T extends z.ZodType>(item: T) =>
  z.tuple([item, item], { error: 'must be [low, high]' }).refine(([lo, hi]) => !(lo instanceof Date ? hi instanceof Date && lo.getTime() > hi.getTime() : typeof lo === 'number' && typeof hi === 'number' && lo > hi), 'the low bound must not be above the high bound');

/** The value each op takes on each kind of field (undefined: the op does not apply). */
function valueSchema(type: FieldType, op: FieldOp, values?: readonly string[]): z.ZodType | undefined {
  if (!opsFor[type].includes(op)) return undefined;
  if (op === 'exists') return z.boolean({ error: 'must be true or false' });
  if (op === 'contains' || op === 'startsWith' || op === 'endsWith') return needle;
  if (op === 'withinLast' || op === 'moreThanAgo') return positiveDuration;
  if (op === 'before' || op === 'after') return isoDateSchema;
  const one: z.ZodType = type === 'number' ? finite : type === 'date' ? isoDateSchema : type === 'enum' ? z.enum(values as [string, ...string[]]) : type === 'attribute' || type === 'property' ? scalar : text;
  const ordered: z.ZodType = type === 'number' || type === 'property' ? finite : type === 'date' ? isoDateSchema : numberOrDate;
  switch (op) {
    case 'in':
    case 'nin':
      return list(one);
    case 'between':
      return bounds(ordered);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return ordered;
    default:
      return one;
  }
}

function conditionSchema(scope: 'profile' | 'event') {
  return z.strictObject({ field: z.string().max(300), op: z.enum(fieldOps), value: z.unknown().optional() }).superRefine((c, ctx) => {
    const info = fieldInfo(c.field, scope);
    if (typeof info === 'string') {
      ctx.addIssue({ code: 'custom', path: ['field'], message: info });
      return;
    }
    const schema = valueSchema(info.type, c.op, info.values);
    if (!schema) {
      ctx.addIssue({ code: 'custom', path: ['op'], message: `${c.op} does not apply to ${c.field} (${info.type}); use one of ${opsFor[info.type].join(', ')}` });
      return;
    }
    if (c.value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${c.op} needs a value` });
      return;
    }
    const r = schema.safeParse(c.value);
    if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: ['value', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message });
  });
}

export const conditionSchemaFor = { profile: conditionSchema('profile'), event: conditionSchema('event') };
export type FieldCondition = z.output<typeof conditionSchemaFor.profile>;

export const eventConditionSchema = z.strictObject({
  event: eventTypeSchema,
  where: z.array(conditionSchemaFor.event).max(MAX_CONDITIONS).optional(),
  count: z.strictObject({ op: z.enum(countOps), value: z.number().int().min(0).max(1_000_000) }).optional(),
  within: positiveDuration.optional(),
});
export type EventCondition = z.output<typeof eventConditionSchema>;

export type RuleNode = { all: RuleNode[] } | { any: RuleNode[] } | { not: RuleNode } | FieldCondition | EventCondition | { inSegment: string };

const NODE_HELP = 'a rule is {"all": [...]}, {"any": [...]}, {"not": rule}, a condition {"field", "op", "value"}, an event condition {"event", "where", "count", "within"} or {"inSegment": id}';
const KINDS = ['all', 'any', 'not', 'field', 'event', 'inSegment'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Each node is checked by the variant its key names, so an error points into that variant. */
export const ruleNodeSchema: z.ZodType<RuleNode, unknown> = z.lazy(() =>
  z.unknown().transform((v, ctx): RuleNode => {
    if (!isObject(v)) {
      ctx.addIssue({ code: 'custom', message: NODE_HELP });
      return z.NEVER;
    }
    const kind = KINDS.find((k) => Object.hasOwn(v, k));
    if (!kind) {
      const keys = Object.keys(v);
      if (!keys.length) ctx.addIssue({ code: 'custom', message: `empty rule; ${NODE_HELP}` });
      for (const k of keys) ctx.addIssue({ code: 'custom', path: [k], message: `unknown key; ${NODE_HELP}` });
      return z.NEVER;
    }
    const r = variants[kind].safeParse(v);
    if (r.success) return r.data as RuleNode;
    for (const issue of r.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      if (issue.code === 'unrecognized_keys') for (const k of issue.keys) ctx.addIssue({ code: 'custom', path: [...path, k], message: `unknown key; ${NODE_HELP}` });
      else ctx.addIssue({ code: 'custom', path, message: issue.message });
    }
    return z.NEVER;
  }),
);

const variants = {
  all: z.strictObject({ all: z.array(ruleNodeSchema) }),
  any: z.strictObject({ any: z.array(ruleNodeSchema) }),
  not: z.strictObject({ not: ruleNodeSchema }),
  field: conditionSchemaFor.profile,
  event: eventConditionSchema,
  inSegment: z.strictObject({ inSegment: objectIdSchema }),
};

/**
 * Depth and size, checked on the raw JSON before the structure is parsed, so a deeply nested
 * body is refused without recursing into it.
 */
function checkLimits(root: unknown, ctx: z.RefinementCtx): void {
  let conditions = 0;
  const stack: { node: unknown; path: (string | number)[]; level: number }[] = [{ node: root, path: [], level: 1 }];
  while (stack.length) {
    const { node, path, level } = stack.pop()!;
    if (level > MAX_LEVELS) {
      ctx.addIssue({ code: 'custom', path, message: `rules may nest at most ${MAX_LEVELS} levels` });
      return;
    }
    if (!isObject(node)) continue;
    for (const key of ['all', 'any'] as const) {
      const children = node[key];
      if (Array.isArray(children)) children.forEach((child, i) => stack.push({ node: child, path: [...path, key, i], level: level + 1 }));
    }
    if (Object.hasOwn(node, 'not')) stack.push({ node: node.not, path: [...path, 'not'], level: level + 1 });
    if (Object.hasOwn(node, 'field') || Object.hasOwn(node, 'event') || Object.hasOwn(node, 'inSegment')) conditions += 1 + (Array.isArray(node.where) ? node.where.length : 0);
    if (conditions > MAX_CONDITIONS) {
      ctx.addIssue({ code: 'custom', message: `rules may have at most ${MAX_CONDITIONS} conditions` });
      return;
    }
  }
}

/** A whole rule tree, as stored and as accepted by the API. */
export const rulesSchema = z.unknown().superRefine(checkLimits).pipe(ruleNodeSchema);
