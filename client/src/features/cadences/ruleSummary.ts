/**
 * A segment rule tree (a step's onlyIf) in one readable sentence: "lifecycle is active and
 * did “Order placed” at least 2 times in the last 30d". Unknown shapes are shown as JSON.
 */
import { humanize } from '../../ui/format';

const ops: Record<string, string> = {
  eq: 'is',
  ne: 'is not',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  in: 'is one of',
  nin: 'is none of',
  contains: 'contains',
  startsWith: 'starts with',
  endsWith: 'ends with',
  exists: 'exists',
  between: 'is between',
  withinLast: 'is within the last',
  moreThanAgo: 'is more than',
  before: 'is before',
  after: 'is after',
};

const countOps: Record<string, string> = { gte: 'at least', gt: 'more than', eq: 'exactly', lt: 'fewer than', lte: 'at most' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function value(v: unknown): string {
  if (Array.isArray(v)) return v.map(value).join(', ');
  if (typeof v === 'string') return `“${v}”`;
  return JSON.stringify(v);
}

function condition(c: Obj): string {
  const field = String(c.field);
  const op = String(c.op);
  if (op === 'exists') return `${field} ${c.value === false ? 'does not exist' : 'exists'}`;
  if (op === 'moreThanAgo') return `${field} is more than ${String(c.value)} ago`;
  if (op === 'withinLast') return `${field} is within the last ${String(c.value)}`;
  if (op === 'between' && Array.isArray(c.value)) return `${field} is between ${value(c.value[0])} and ${value(c.value[1])}`;
  return `${field} ${ops[op] ?? op} ${value(c.value)}`;
}

function eventCondition(e: Obj): string {
  const count = isObj(e.count) ? e.count : { op: 'gte', value: 1 };
  const times = `${countOps[String(count.op)] ?? String(count.op)} ${String(count.value)} time${count.value === 1 ? '' : 's'}`;
  const where = Array.isArray(e.where) && e.where.length ? ` where ${e.where.filter(isObj).map(condition).join(' and ')}` : '';
  const within = e.within ? ` in the last ${String(e.within)}` : ' ever';
  return `did “${humanize(String(e.event))}”${where} ${times}${within}`;
}

export function ruleSummary(node: unknown, segmentName: (id: string) => string = (id) => id, depth = 0): string {
  if (!isObj(node)) return JSON.stringify(node);
  const wrap = (s: string) => (depth > 0 ? `(${s})` : s);
  if (Array.isArray(node.all)) return wrap(node.all.map((n) => ruleSummary(n, segmentName, depth + 1)).join(' and ') || 'always');
  if (Array.isArray(node.any)) return wrap(node.any.map((n) => ruleSummary(n, segmentName, depth + 1)).join(' or ') || 'never');
  if ('not' in node) return `not ${ruleSummary(node.not, segmentName, depth + 1)}`;
  if (typeof node.inSegment === 'string') return `is in the segment “${segmentName(node.inSegment)}”`;
  if (typeof node.event === 'string') return eventCondition(node);
  if (typeof node.field === 'string') return condition(node);
  return JSON.stringify(node);
}
