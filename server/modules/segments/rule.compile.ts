/**
 * The compiler: a rule tree to one MongoDB filter over `customers`, for builds and previews of the
 * whole base. Each event condition first becomes the set of customers it selects, from one
 * `$match` + `$group` aggregation over events (by type and time: the {type, occurredAt} index);
 * the customer filter then names that set by `_id`. User input only ever lands in operand
 * positions: paths are validated names, values are literals, patterns are escaped.
 */
import { Types } from 'mongoose';
import type { Ast, EventNode, FieldNode, Test } from './rule.ast.js';
import { countHolds } from './rule.ast.js';
import type { CountOp } from './rule.schema.js';

export type Filter = Record<string, unknown>;

/** Per customer: how many matching events have occurred by now, and the earliest and latest occurredAt. */
export interface EventStats {
  _id: Types.ObjectId;
  n: number;
  first: Date;
  last: Date;
}

/** What the compiler needs from the events module (EventService provides it). */
export interface EventAggregates {
  /** Customers with a count of events matching `match` that passes `count` (e.g. { $gte: 2 }). */
  customersByCount(match: Filter, count: Filter): Promise<Types.ObjectId[]>;
}

function mongoTest(test: Test, now: Date): Filter {
  switch (test.t) {
    case 'eq':
    case 'ne':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { [`$${test.t}`]: test.v };
    case 'in':
    case 'nin':
      return { [`$${test.t}`]: test.vs };
    case 'regex':
      return test.options ? { $regex: test.mongo, $options: test.options } : { $regex: test.mongo };
    case 'exists':
      return test.v ? { $ne: null } : { $eq: null };
    case 'between':
      return { $gte: test.lo, $lte: test.hi };
    case 'withinLast':
      return { $gt: new Date(now.getTime() - test.ms), $lte: now };
    case 'moreThanAgo':
      return { $lte: new Date(now.getTime() - test.ms) };
  }
}

export function compileField(node: FieldNode, now: Date): Filter {
  // $regex matches strings only on MongoDB; the compatible server also matches the text of other
  // values ("false" contains "a") and ignores a $type beside $regex, so the type is a clause of its own.
  if (node.test.t === 'regex') return { $and: [{ [node.path]: { $type: 'string' } }, { [node.path]: mongoTest(node.test, now) }] };
  return { [node.path]: mongoTest(node.test, now) };
}

/** The events an event condition counts: its type, its window (never the future), its `where`. */
export function eventMatch(node: EventNode, now: Date): Filter {
  const occurredAt: Filter = { $lte: now };
  if (node.withinMs !== null) occurredAt.$gt = new Date(now.getTime() - node.withinMs);
  const match: Filter = { type: node.type, occurredAt, customerId: { $ne: null } };
  if (node.where.length) match.$and = node.where.map((w) => compileField(w, now));
  return match;
}

const negated: Record<CountOp, CountOp | 'ne'> = { gte: 'lt', gt: 'lte', eq: 'ne', lt: 'gte', lte: 'gt' };

/**
 * A customer without matching events has count 0 and never appears in a `$group`. When the
 * condition holds at 0 ("fewer than 3", and `not` around "ever"), the aggregation selects the
 * customers it fails for and the filter excludes them; otherwise it selects those it holds for.
 */
export interface EventSet {
  ids: Types.ObjectId[];
  exclude: boolean;
}

export async function resolveEventSets(nodes: EventNode[], now: Date, store: EventAggregates): Promise<Map<EventNode, EventSet>> {
  const sets = new Map<EventNode, EventSet>();
  for (const node of nodes) {
    const exclude = countHolds(node.count.op, 0, node.count.value);
    const op = exclude ? negated[node.count.op] : node.count.op;
    sets.set(node, { exclude, ids: await store.customersByCount(eventMatch(node, now), { [`$${op}`]: node.count.value }) });
  }
  return sets;
}

export function compileFilter(ast: Ast, now: Date, sets: Map<EventNode, EventSet>): Filter {
  switch (ast.kind) {
    case 'all':
      return ast.nodes.length ? { $and: ast.nodes.map((n) => compileFilter(n, now, sets)) } : {};
    case 'any':
      return ast.nodes.length ? { $or: ast.nodes.map((n) => compileFilter(n, now, sets)) } : { _id: { $in: [] } };
    case 'not':
      return { $nor: [compileFilter(ast.node, now, sets)] };
    case 'inSegment':
      return { segments: new Types.ObjectId(ast.id) };
    case 'field':
      return compileField(ast, now);
    case 'event': {
      const set = sets.get(ast);
      if (!set) throw new Error('event condition compiled without its customer set');
      return { _id: set.exclude ? { $nin: set.ids } : { $in: set.ids } };
    }
  }
}

const NONE: Filter = { _id: { $in: [] } };
const ALL: Filter = {};
function and(fs: Filter[]): Filter {
  if (fs.includes(NONE)) return NONE;
  const rest = fs.filter((f) => f !== ALL);
  return rest.length === 0 ? ALL : rest.length === 1 ? rest[0]! : { $and: rest };
}
function or(fs: Filter[]): Filter {
  if (fs.includes(ALL)) return ALL;
  const rest = fs.filter((f) => f !== NONE);
  return rest.length === 0 ? NONE : rest.length === 1 ? rest[0]! : { $or: rest };
}
const nor = (f: Filter): Filter => (f === ALL ? NONE : f === NONE ? ALL : { $nor: [f] });

export const isTimeRelative = (n: FieldNode): boolean => n.test.t === 'withinLast' || n.test.t === 'moreThanAgo';

/** Customers for whom the tree is surely true (t) and surely false (f), whatever the unknown conditions turn out to be. */
function surely(ast: Ast, now: Date): { t: Filter; f: Filter } {
  switch (ast.kind) {
    case 'all': {
      const parts = ast.nodes.map((n) => surely(n, now));
      return { t: and(parts.map((p) => p.t)), f: or(parts.map((p) => p.f)) };
    }
    case 'any': {
      const parts = ast.nodes.map((n) => surely(n, now));
      return { t: or(parts.map((p) => p.t)), f: and(parts.map((p) => p.f)) };
    }
    case 'not': {
      const inner = surely(ast.node, now);
      return { t: inner.f, f: inner.t };
    }
    case 'event':
      return { t: NONE, f: NONE };
    case 'field': {
      if (isTimeRelative(ast)) return { t: NONE, f: NONE };
      const x = compileField(ast, now);
      return { t: x, f: nor(x) };
    }
    case 'inSegment': {
      const x = { segments: new Types.ObjectId(ast.id) };
      return { t: x, f: nor(x) };
    }
  }
}

/**
 * The customers a build or preview must look at: all but those the profile conditions alone rule
 * out, with event conditions and time-relative conditions taken as unknown (three-valued logic).
 * Each candidate is then decided with the event counts at hand (a semi-join in the application:
 * no list of ids is ever sent to the server, which stays fast and within the 16 MB limit at any
 * size), and the time-relative ones tell when it can next flip.
 */
export function compileCandidates(ast: Ast, now: Date): Filter {
  return nor(surely(ast, now).f);
}

/** The profile fields a tree reads (for projections), without paths inside one another. */
export function readPaths(ast: Ast): string[] {
  const paths = new Set<string>();
  const walk = (n: Ast): void => {
    if (n.kind === 'all' || n.kind === 'any') n.nodes.forEach(walk);
    else if (n.kind === 'not') walk(n.node);
    else if (n.kind === 'field') paths.add(n.path);
    else if (n.kind === 'inSegment') paths.add('segments');
  };
  walk(ast);
  return [...paths].filter((p) => ![...paths].some((q) => q !== p && p.startsWith(`${q}.`)));
}
