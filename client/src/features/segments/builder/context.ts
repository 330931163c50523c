/** What every node of the builder reads: the catalog, the tree's facts, errors, and how to edit. */
import { createContext, useContext } from 'react';
import type { RuleCatalog } from '../../../api';
import type { Draft } from './draft';
import type { NodeInfo, PlacedError } from './tree';

export interface BuilderState {
  catalog: RuleCatalog;
  /** Other segments, for "in segment" (id and name). */
  segments: { id: string; name: string }[];
  info: Map<string, NodeInfo>;
  errors: Map<string, PlacedError[]>;
  conditionCount: number;
  /** Replaces the tree with `edit(tree)`. */
  edit: (edit: (root: Draft) => Draft) => void;
  rootId: string;
}

export const BuilderContext = createContext<BuilderState | null>(null);

export function useBuilder(): BuilderState {
  const state = useContext(BuilderContext);
  if (!state) throw new Error('useBuilder outside <RuleBuilder>');
  return state;
}

/** Can a node at `level` take one more condition, or a group (that can itself hold conditions)? */
export function canAdd(state: BuilderState, level: number): { condition: boolean; group: boolean } {
  const room = state.conditionCount < state.catalog.limits.conditions;
  return { condition: room && level + 1 <= state.catalog.limits.levels, group: room && level + 2 <= state.catalog.limits.levels };
}
