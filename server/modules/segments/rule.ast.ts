/**
 * A validated rule tree lowered to the form both evaluators read: storage paths, parsed dates,
 * durations in ms, escaped patterns. Also what a tree depends on (fields, event types, other
 * segments, time), which drives incremental re-evaluation.
 */
import { durationMs } from '../../clock.js';
import { attributesIn, escapeRegex } from '../customers/index.js';
import { fieldInfo, type CountOp, type FieldCondition, type RuleNode } from './rule.schema.js';

export type Scalar = string | number | boolean | Date;

/** One comparison on the values found at a path (MongoDB semantics: any element of an array). */
export type Test =
  | { t: 'eq' | 'ne'; v: Scalar }
  | { t: 'in' | 'nin'; vs: Scalar[] }
  | { t: 'gt' | 'gte' | 'lt' | 'lte'; v: number | Date }
  | { t: 'regex'; js: RegExp; mongo: string; options: string }
  | { t: 'exists'; v: boolean }
  | { t: 'between'; lo: number | Date; hi: number | Date }
  | { t: 'withinLast' | 'moreThanAgo'; ms: number };

export interface FieldNode {
  kind: 'field';
  /** Storage path, dotted (email is `emailKey`). */
  path: string;
  parts: string[];
  test: Test;
}

export interface EventNode {
  kind: 'event';
  type: string;
  where: FieldNode[];
  count: { op: CountOp; value: number };
  /** null: ever. */
  withinMs: number | null;
}

export type Ast = { kind: 'all' | 'any'; nodes: Ast[] } | { kind: 'not'; node: Ast } | FieldNode | EventNode | { kind: 'inSegment'; id: string };

const iso = (v: unknown): Date => new Date(v as string);

function lowerTest(c: FieldCondition, type: string): Test {
  const v = c.value;
  // Attribute values are stored with ISO timestamps turned into Dates; compare like with like.
  const asStored = (x: unknown): Scalar => (type === 'attribute' ? attributesIn(x) : type === 'date' ? iso(x) : type === 'email' ? String(x).toLowerCase() : x) as Scalar;
  const ordered = (x: unknown): number | Date => (typeof x === 'number' ? x : iso(x));
  switch (c.op) {
    case 'eq':
    case 'ne':
      return { t: c.op, v: asStored(v) };
    case 'in':
    case 'nin':
      return { t: c.op, vs: (v as unknown[]).map(asStored) };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { t: c.op, v: ordered(v) };
    case 'before':
      return { t: 'lt', v: iso(v) };
    case 'after':
      return { t: 'gt', v: iso(v) };
    case 'between': {
      const [lo, hi] = v as [unknown, unknown];
      return { t: 'between', lo: ordered(lo), hi: ordered(hi) };
    }
    case 'exists':
      return { t: 'exists', v: v as boolean };
    case 'withinLast':
    case 'moreThanAgo':
      return { t: c.op, ms: durationMs(v as string) };
    case 'contains':
    case 'startsWith':
    case 'endsWith': {
      // email is matched on its lower-cased key; every other string case-insensitively.
      const needle = type === 'email' ? String(v).toLowerCase() : String(v);
      const e = escapeRegex(needle);
      const [pre, post, mongoPost] = c.op === 'startsWith' ? ['^', '', ''] : c.op === 'endsWith' ? ['', '$', '\\z'] : ['', '', ''];
      const options = type === 'email' ? '' : 'i';
      // JS `$` is the very end of the input; MongoDB's (PCRE, Java) also matches before a final newline: `\z` there.
      return { t: 'regex', js: new RegExp(`${pre}${e}${post}`, options), mongo: `${pre}${e}${mongoPost}`, options };
    }
  }
}

function lowerField(c: FieldCondition, scope: 'profile' | 'event'): FieldNode {
  const info = fieldInfo(c.field, scope);
  if (typeof info === 'string') throw new Error(`rule not validated: ${info}`);
  return { kind: 'field', path: info.storage, parts: info.storage.split('.'), test: lowerTest(c, info.type) };
}

/** Lowers a tree that `rulesSchema` accepted. */
export function toAst(node: RuleNode): Ast {
  if ('all' in node) return { kind: 'all', nodes: node.all.map(toAst) };
  if ('any' in node) return { kind: 'any', nodes: node.any.map(toAst) };
  if ('not' in node) return { kind: 'not', node: toAst(node.not) };
  if ('inSegment' in node) return { kind: 'inSegment', id: node.inSegment };
  if ('event' in node) {
    return {
      kind: 'event',
      type: node.event,
      where: (node.where ?? []).map((w) => lowerField(w, 'event')),
      count: node.count ?? { op: 'gte', value: 1 },
      withinMs: node.within ? durationMs(node.within) : null,
    };
  }
  return lowerField(node, 'profile');
}

export function countHolds(op: CountOp, n: number, value: number): boolean {
  switch (op) {
    case 'gte':
      return n >= value;
    case 'gt':
      return n > value;
    case 'eq':
      return n === value;
    case 'lt':
      return n < value;
    case 'lte':
      return n <= value;
  }
}

export interface Dependencies {
  /** Storage paths of profile fields. */
  fields: Set<string>;
  eventTypes: Set<string>;
  /** Segments named by inSegment. */
  segments: Set<string>;
  /** Some condition's answer can change with the passing of time alone. */
  timeRelative: boolean;
  /** Earliest event time an event condition looks at (null: ever), for loading events. */
  eventWindowMs: number | null;
}

export function dependencies(ast: Ast): Dependencies {
  const d: Dependencies = { fields: new Set(), eventTypes: new Set(), segments: new Set(), timeRelative: false, eventWindowMs: 0 };
  let ever = false;
  const walk = (n: Ast): void => {
    switch (n.kind) {
      case 'all':
      case 'any':
        n.nodes.forEach(walk);
        break;
      case 'not':
        walk(n.node);
        break;
      case 'inSegment':
        d.segments.add(n.id);
        break;
      case 'field':
        d.fields.add(n.path);
        if (n.test.t === 'withinLast' || n.test.t === 'moreThanAgo') d.timeRelative = true;
        break;
      case 'event':
        d.eventTypes.add(n.type);
        // Events dated ahead (clock skew) start counting when their time comes: time-relative too.
        d.timeRelative = true;
        if (n.withinMs === null) ever = true;
        else d.eventWindowMs = Math.max(d.eventWindowMs ?? 0, n.withinMs);
        break;
    }
  };
  walk(ast);
  if (ever) d.eventWindowMs = null;
  return d;
}

export function eventNodes(ast: Ast): EventNode[] {
  switch (ast.kind) {
    case 'all':
    case 'any':
      return ast.nodes.flatMap(eventNodes);
    case 'not':
      return eventNodes(ast.node);
    case 'event':
      return [ast];
    default:
      return [];
  }
}
