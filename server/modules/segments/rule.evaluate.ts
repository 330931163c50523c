/**
 * The in-memory evaluator: one customer (as about to be written) and that customer's events, for
 * incremental membership and for `onlyIf` at send time. It means exactly what the compiled query
 * means (see rule.match.ts). Also: when the answer can next change with the passing of time alone.
 */
import type { CustomerDoc } from '../customers/index.js';
import { countHolds, type Ast, type EventNode } from './rule.ast.js';
import { datesAt, fieldMatches } from './rule.match.js';

export interface EventLike {
  type: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
}

/** What evaluation needs besides the profile: memberships, and each event condition's count and next flip. */
export interface EvalContext {
  now: Date;
  /** The segments (hex ids) the customer is in, as known at this point of the pass. */
  segments: ReadonlySet<string>;
  /** How many events the condition counts now. */
  eventCount(node: EventNode): number;
  /** The earliest time after now at which that count can change by itself (null: never). */
  eventBoundary(node: EventNode): number | null;
}

/** An event counts once it has occurred (occurredAt <= now) and, with `within d`, while occurredAt > now - d. */
function counts(node: EventNode, e: EventLike, now: Date): boolean {
  const t = e.occurredAt.getTime();
  if (e.type !== node.type || t > now.getTime()) return false;
  if (node.withinMs !== null && t <= now.getTime() - node.withinMs) return false;
  return node.where.every((w) => fieldMatches(e, w, now));
}

/** The context for one customer whose events are at hand (only types the rules name matter). */
export function eventsContext(events: EventLike[], now: Date, segments: ReadonlySet<string>): EvalContext {
  const nowMs = now.getTime();
  return {
    now,
    segments,
    eventCount: (node) => {
      let n = 0;
      for (const e of events) if (counts(node, e, now)) n++;
      return n;
    },
    eventBoundary: (node) => {
      let best: number | null = null;
      const consider = (t: number): void => {
        if (t > nowMs && (best === null || t < best)) best = t;
      };
      for (const e of events) {
        if (e.type !== node.type || !node.where.every((w) => fieldMatches(e, w, now))) continue;
        // An event dated ahead starts counting at its time; one in a window stops when it is d old.
        consider(e.occurredAt.getTime());
        if (node.withinMs !== null) consider(e.occurredAt.getTime() + node.withinMs);
      }
      return best;
    },
  };
}

export function evaluate(ast: Ast, customer: CustomerDoc, ctx: EvalContext): boolean {
  switch (ast.kind) {
    case 'all':
      return ast.nodes.every((n) => evaluate(n, customer, ctx));
    case 'any':
      return ast.nodes.some((n) => evaluate(n, customer, ctx));
    case 'not':
      return !evaluate(ast.node, customer, ctx);
    case 'inSegment':
      return ctx.segments.has(ast.id);
    case 'field':
      return fieldMatches(customer, ast, ctx.now);
    case 'event':
      return countHolds(ast.count.op, ctx.eventCount(ast), ast.count.value);
  }
}

/**
 * The earliest moment after now at which the tree's answer for this customer can change with
 * time alone (null: it cannot). Conditions that will flip at some time are taken as unknown
 * (three-valued logic): when the tree is decided by the others anyway, no check is needed;
 * otherwise the earliest of their flips. Each answer is constant until then, so a check at that
 * moment is never late (it may find nothing changed, and plans the next).
 */
export function nextChange(ast: Ast, customer: CustomerDoc, ctx: EvalContext): Date | null {
  const nowMs = ctx.now.getTime();
  let best = Infinity;
  const unknownUntil = (t: number | null): boolean => {
    if (t === null || t <= nowMs) return false;
    best = Math.min(best, t);
    return true;
  };
  const kleene = (n: Ast): boolean | null => {
    switch (n.kind) {
      case 'all': {
        let r: boolean | null = true;
        for (const c of n.nodes) {
          const v = kleene(c);
          if (v === false) return false;
          if (v === null) r = null;
        }
        return r;
      }
      case 'any': {
        let r: boolean | null = false;
        for (const c of n.nodes) {
          const v = kleene(c);
          if (v === true) return true;
          if (v === null) r = null;
        }
        return r;
      }
      case 'not': {
        const v = kleene(n.node);
        return v === null ? null : !v;
      }
      case 'field':
        if ((n.test.t === 'withinLast' || n.test.t === 'moreThanAgo') && unknownUntil(fieldBoundary(n, customer, nowMs))) return null;
        return fieldMatches(customer, n, ctx.now);
      case 'event':
        if (unknownUntil(ctx.eventBoundary(n))) return null;
        return countHolds(n.count.op, ctx.eventCount(n), n.count.value);
      case 'inSegment':
        return ctx.segments.has(n.id);
    }
  };
  return kleene(ast) === null && best !== Infinity ? new Date(best) : null;
}

/** withinLast (now - d, now]: entered when now reaches t, left at t + d; moreThanAgo (t <= now - d): true from t + d. */
function fieldBoundary(n: Ast & { kind: 'field' }, customer: CustomerDoc, nowMs: number): number | null {
  if (n.test.t !== 'withinLast' && n.test.t !== 'moreThanAgo') return null;
  let best: number | null = null;
  const consider = (t: number): void => {
    if (t > nowMs && (best === null || t < best)) best = t;
  };
  for (const d of datesAt(customer, n)) {
    if (n.test.t === 'withinLast') consider(d.getTime());
    consider(d.getTime() + n.test.ms);
  }
  return best;
}
