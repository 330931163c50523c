/**
 * The rule tree as the builder edits it: the contract's rules (section 5) with a stable id on
 * every node (so reordering keeps each row's inputs) and the UI's choice of value type. Converting
 * to and from the API's JSON is exact for everything the builder can show; anything else (unknown
 * keys, wrong shapes) stays a `raw` node, kept as written, for the JSON view and the API's errors.
 */
import type { CountOp, RuleNode } from '../../../api';

/** How a value is entered where the field does not fix it (attributes, event properties). */
export type ValueType = 'text' | 'number' | 'boolean' | 'date';

export interface FieldDraft {
  id: string;
  kind: 'field';
  field: string;
  op: string;
  /** undefined: no value given yet (the API names the missing value). */
  value: unknown;
  valueType: ValueType;
}

export interface WhereDraft {
  id: string;
  field: string;
  op: string;
  value: unknown;
  valueType: ValueType;
}

export type Draft =
  | { id: string; kind: 'group'; mode: 'all' | 'any'; children: Draft[] }
  | { id: string; kind: 'not'; child: Draft }
  | FieldDraft
  | { id: string; kind: 'event'; event: string; where: WhereDraft[]; count: { op: CountOp; value: number | null } | null; within: string | null }
  | { id: string; kind: 'inSegment'; segmentId: string }
  | { id: string; kind: 'raw'; json: unknown };

export type DraftKind = Draft['kind'];
export type Of<K extends DraftKind> = Extract<Draft, { kind: K }>;

let seq = 0;
export const newId = (): string => `n${++seq}`;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const onlyKeys = (o: Record<string, unknown>, allowed: string[]): boolean => Object.keys(o).every((k) => allowed.includes(k));
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;

/** The value type a stored value reads as. */
export function inferValueType(value: unknown, op: string): ValueType {
  const sample = Array.isArray(value) ? value.find((v) => v !== null && v !== undefined) : value;
  if (typeof sample === 'number') return 'number';
  if (typeof sample === 'boolean') return 'boolean';
  if (typeof sample === 'string' && DATE_LIKE.test(sample) && ['gt', 'gte', 'lt', 'lte', 'between', 'before', 'after'].includes(op)) return 'date';
  return 'text';
}

function conditionFrom(v: unknown): { field: string; op: string; value: unknown; valueType: ValueType } | null {
  if (!isObject(v) || !onlyKeys(v, ['field', 'op', 'value']) || typeof v.field !== 'string' || typeof v.op !== 'string') return null;
  return { field: v.field, op: v.op, value: v.value, valueType: inferValueType(v.value, v.op) };
}

/** The API's rules as a draft; anything the builder cannot show becomes a `raw` node. */
export function toDraft(v: unknown): Draft {
  const raw: Draft = { id: newId(), kind: 'raw', json: v };
  if (!isObject(v)) return raw;
  if ('all' in v || 'any' in v) {
    const mode = 'all' in v ? 'all' : 'any';
    const children = v[mode];
    if (Object.keys(v).length !== 1 || !Array.isArray(children)) return raw;
    return { id: newId(), kind: 'group', mode, children: children.map(toDraft) };
  }
  if ('not' in v) return Object.keys(v).length === 1 ? { id: newId(), kind: 'not', child: toDraft(v.not) } : raw;
  if ('inSegment' in v) return Object.keys(v).length === 1 && typeof v.inSegment === 'string' ? { id: newId(), kind: 'inSegment', segmentId: v.inSegment } : raw;
  if ('field' in v) {
    const c = conditionFrom(v);
    return c ? { id: newId(), kind: 'field', ...c } : raw;
  }
  if ('event' in v) {
    if (!onlyKeys(v, ['event', 'where', 'count', 'within']) || typeof v.event !== 'string') return raw;
    const where = v.where === undefined ? [] : Array.isArray(v.where) ? v.where.map(conditionFrom) : null;
    if (!where || where.some((w) => w === null)) return raw;
    const count = v.count === undefined ? null : isObject(v.count) && onlyKeys(v.count, ['op', 'value']) && typeof v.count.op === 'string' && typeof v.count.value === 'number' ? (v.count as { op: CountOp; value: number }) : undefined;
    if (count === undefined) return raw;
    if (v.within !== undefined && typeof v.within !== 'string') return raw;
    return { id: newId(), kind: 'event', event: v.event, where: where.map((w) => ({ id: newId(), ...w! })), count, within: (v.within as string | undefined) ?? null };
  }
  return raw;
}

function conditionJson(c: { field: string; op: string; value: unknown }): Record<string, unknown> {
  return c.value === undefined ? { field: c.field, op: c.op } : { field: c.field, op: c.op, value: c.value };
}

/** The draft as the API takes it (what the JSON view shows and the preview sends). */
export function toRules(d: Draft): RuleNode {
  switch (d.kind) {
    case 'group':
      return (d.mode === 'all' ? { all: d.children.map(toRules) } : { any: d.children.map(toRules) }) as RuleNode;
    case 'not':
      return { not: toRules(d.child) };
    case 'field':
      return conditionJson(d) as RuleNode;
    case 'event': {
      const out: Record<string, unknown> = { event: d.event };
      if (d.where.length) out.where = d.where.map(conditionJson);
      if (d.count) out.count = d.count;
      if (d.within !== null) out.within = d.within;
      return out as RuleNode;
    }
    case 'inSegment':
      return { inSegment: d.segmentId };
    case 'raw':
      return d.json as RuleNode;
  }
}

// ---- edits (immutable, by node id)

/** The tree with `fn` applied to the node `id` (null from `fn` removes it from its group). */
export function mapNode(root: Draft, id: string, fn: (d: Draft) => Draft | null): Draft {
  const visit = (d: Draft): Draft | null => {
    if (d.id === id) return fn(d);
    if (d.kind === 'group') {
      const children = d.children.map(visit).filter((c): c is Draft => c !== null);
      return children.length === d.children.length && children.every((c, i) => c === d.children[i]) ? d : { ...d, children };
    }
    if (d.kind === 'not') {
      const child = visit(d.child);
      // Removing the only child of a NOT removes the NOT too.
      return child === null ? null : child === d.child ? d : { ...d, child };
    }
    return d;
  };
  return visit(root) ?? emptyGroup();
}

export function updateNode<K extends DraftKind>(root: Draft, id: string, patch: (d: Of<K>) => Of<K>): Draft {
  return mapNode(root, id, (d) => patch(d as Of<K>));
}

export function removeNode(root: Draft, id: string): Draft {
  return mapNode(root, id, () => null);
}

export function addChild(root: Draft, groupId: string, child: Draft): Draft {
  return mapNode(root, groupId, (g) => (g.kind === 'group' ? { ...g, children: [...g.children, child] } : g));
}

/** Moves a node one place up (-1) or down (+1) among its siblings. */
export function moveNode(root: Draft, id: string, delta: -1 | 1): Draft {
  const parent = parentOf(root, id);
  if (!parent || parent.kind !== 'group') return root;
  const i = parent.children.findIndex((c) => c.id === id);
  const j = i + delta;
  if (j < 0 || j >= parent.children.length) return root;
  const children = [...parent.children];
  [children[i], children[j]] = [children[j]!, children[i]!];
  return mapNode(root, parent.id, () => ({ ...parent, children }));
}

export function negate(root: Draft, id: string): Draft {
  return mapNode(root, id, (d) => ({ id: newId(), kind: 'not', child: d }));
}

export function unwrapNot(root: Draft, id: string): Draft {
  return mapNode(root, id, (d) => (d.kind === 'not' ? d.child : d));
}

/** A root that is not a group becomes the first of an "all" group, so more can be added beside it. */
export function wrapRootInGroup(root: Draft, next: Draft): Draft {
  return { id: newId(), kind: 'group', mode: 'all', children: [root, next] };
}

export function parentOf(root: Draft, id: string): Draft | null {
  if (root.kind === 'group') {
    for (const c of root.children) {
      if (c.id === id) return root;
      const p = parentOf(c, id);
      if (p) return p;
    }
  }
  if (root.kind === 'not') return root.child.id === id ? root : parentOf(root.child, id);
  return null;
}

export const emptyGroup = (mode: 'all' | 'any' = 'all'): Draft => ({ id: newId(), kind: 'group', mode, children: [] });

export function newCondition(field = 'lifecycle', op = 'eq', value: unknown = undefined): FieldDraft {
  return { id: newId(), kind: 'field', field, op, value, valueType: 'text' };
}

export const newEventCondition = (): Draft => ({ id: newId(), kind: 'event', event: 'order_placed', where: [], count: null, within: null });
export const newWhere = (): WhereDraft => ({ id: newId(), field: 'properties.', op: 'eq', value: undefined, valueType: 'text' });
export const newSegmentRef = (): Draft => ({ id: newId(), kind: 'inSegment', segmentId: '' });
