/**
 * How one field test reads a document in memory, written to mean exactly what the compiled
 * MongoDB filter means (rule.compile.ts), including MongoDB's array and missing-field rules:
 * - a dotted path walks into objects and, through arrays, into each object element;
 * - a test matches when any value found (or any element of an array found) satisfies it;
 * - comparisons only compare like types (numbers with numbers, dates with dates);
 * - `ne`/`nin` are the negation of `eq`/`in` (so a missing field is "not equal");
 * - `exists: true` means present and not null.
 * The agreement test (segments-agreement.int.test.ts) checks the two against the real server.
 */
import type { FieldNode, Scalar, Test } from './rule.ast.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !isObjectId(v);

function isObjectId(v: unknown): boolean {
  return !!v && typeof v === 'object' && (v as { _bsontype?: string })._bsontype === 'ObjectId';
}

/** The values a dotted path reaches (undefined where it reaches nothing). */
export function valuesAt(doc: unknown, parts: string[], from = 0): unknown[] {
  if (from === parts.length) return [doc];
  if (Array.isArray(doc)) return doc.flatMap((el) => (isPlainObject(el) ? valuesAt(el, parts, from) : [undefined]));
  if (isPlainObject(doc)) {
    const key = parts[from]!;
    return valuesAt(Object.hasOwn(doc, key) ? doc[key] : undefined, parts, from + 1);
  }
  return [undefined];
}

/** Values and, for arrays, their elements: what MongoDB compares a scalar operand with. */
function candidates(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if (Array.isArray(v)) out.push(...v);
    else out.push(v);
  }
  return out;
}

function same(a: unknown, b: Scalar): boolean {
  if (b instanceof Date) return a instanceof Date && a.getTime() === b.getTime();
  return typeof a === typeof b && a === b;
}

function compare(a: unknown, b: number | Date): number | null {
  if (typeof b === 'number') return typeof a === 'number' && Number.isFinite(a) ? a - b : null;
  return a instanceof Date ? a.getTime() - b.getTime() : null;
}

function isNullish(values: unknown[]): boolean {
  return values.some((v) => v === undefined || v === null || (Array.isArray(v) && v.some((e) => e === null)));
}

function cmp(values: unknown[], op: 'gt' | 'gte' | 'lt' | 'lte', b: number | Date): boolean {
  return candidates(values).some((a) => {
    const c = compare(a, b);
    if (c === null) return false;
    return op === 'gt' ? c > 0 : op === 'gte' ? c >= 0 : op === 'lt' ? c < 0 : c <= 0;
  });
}

export function testValues(values: unknown[], test: Test, now: Date): boolean {
  switch (test.t) {
    case 'eq':
      return candidates(values).some((a) => same(a, test.v));
    case 'ne':
      return !candidates(values).some((a) => same(a, test.v));
    case 'in':
      return candidates(values).some((a) => test.vs.some((b) => same(a, b)));
    case 'nin':
      return !candidates(values).some((a) => test.vs.some((b) => same(a, b)));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return cmp(values, test.t, test.v);
    case 'regex':
      return candidates(values).some((a) => typeof a === 'string' && test.js.test(a));
    case 'exists':
      return isNullish(values) !== test.v;
    // Two bounds on one field are checked separately against the values, as MongoDB does.
    case 'between':
      return cmp(values, 'gte', test.lo) && cmp(values, 'lte', test.hi);
    case 'withinLast':
      return cmp(values, 'gt', new Date(now.getTime() - test.ms)) && cmp(values, 'lte', now);
    case 'moreThanAgo':
      return cmp(values, 'lte', new Date(now.getTime() - test.ms));
  }
}

export function fieldMatches(doc: unknown, node: FieldNode, now: Date): boolean {
  return testValues(valuesAt(doc, node.parts), node.test, now);
}

/** The dates a time-relative test reads (for when its answer can next change). */
export function datesAt(doc: unknown, node: FieldNode): Date[] {
  return candidates(valuesAt(doc, node.parts)).filter((v): v is Date => v instanceof Date);
}
