/**
 * Facts about a draft the builder needs while rendering: each node's path in the API's terms
 * (`rules.all.2`), its level and height (the 8-level limit), the number of conditions (the
 * 100-condition limit), and which node each of the API's error details names.
 */
import type { ErrorDetail } from '../../../api';
import type { Draft } from './draft';

export interface NodeInfo {
  /** The node's path as the API's errors name it, e.g. `rules.all.2.not`. */
  path: string;
  /** 1 for the root; a group's children and a NOT's child are one level deeper. */
  level: number;
  /** Levels the node spans: 1 for a condition or an empty group. */
  height: number;
}

export function treeInfo(root: Draft): Map<string, NodeInfo> {
  const out = new Map<string, NodeInfo>();
  const visit = (d: Draft, path: string, level: number): number => {
    let height = 1;
    if (d.kind === 'group') d.children.forEach((c, i) => (height = Math.max(height, 1 + visit(c, `${path}.${d.mode}.${i}`, level + 1))));
    if (d.kind === 'not') height = 1 + visit(d.child, `${path}.not`, level + 1);
    out.set(d.id, { path, level, height });
    return height;
  };
  visit(root, 'rules', 1);
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Conditions as the API counts them: each field, event and inSegment node, plus each `where`. */
export function countConditions(rules: unknown): number {
  if (!isObject(rules)) return 0;
  let n = 0;
  for (const key of ['all', 'any'] as const) if (Array.isArray(rules[key])) for (const c of rules[key]) n += countConditions(c);
  if ('not' in rules) n += countConditions(rules.not);
  if ('field' in rules || 'event' in rules || 'inSegment' in rules) n += 1 + (Array.isArray(rules.where) ? rules.where.length : 0);
  return n;
}

export interface PlacedError {
  /** What follows the node's path: `op`, `value.1`, `where.0.field`, or '' for the node itself. */
  rest: string;
  message: string;
}

/**
 * Each error detail on the deepest node its path runs through; details that name no node (the
 * segment's name, the limit on conditions) are returned apart for a summary.
 */
export function placeErrors(info: Map<string, NodeInfo>, details: ErrorDetail[]): { byNode: Map<string, PlacedError[]>; unplaced: ErrorDetail[] } {
  const byPath = new Map([...info].map(([id, i]) => [i.path, id]));
  const byNode = new Map<string, PlacedError[]>();
  const unplaced: ErrorDetail[] = [];
  for (const d of details) {
    const path = d.field ?? d.path ?? '';
    const parts = path.split('.');
    let placed = false;
    // The root (`rules`) takes only errors about itself or its own keys, not tree-wide limits.
    for (let n = parts.length; n >= 1 && !placed; n--) {
      const id = byPath.get(parts.slice(0, n).join('.'));
      if (!id || (n === 1 && parts.length === 1)) continue;
      byNode.set(id, [...(byNode.get(id) ?? []), { rest: parts.slice(n).join('.'), message: d.message }]);
      placed = true;
    }
    if (!placed) unplaced.push(d);
  }
  return { byNode, unplaced };
}

/** The messages of the errors placed at `rest` (or under it, e.g. `value` takes `value.0`). */
export function messagesAt(errors: PlacedError[] | undefined, rest: string): string | undefined {
  const found = (errors ?? []).filter((e) => e.rest === rest || e.rest.startsWith(`${rest}.`)).map((e) => e.message);
  return found.length ? [...new Set(found)].join('; ') : undefined;
}
