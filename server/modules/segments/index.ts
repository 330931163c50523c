/**
 * Segments: the rule language (one zod schema), its two evaluators (a MongoDB compiler for the
 * whole base, an in-memory one for a single customer), incremental membership in every profile
 * write, time flips without scans, background builds, entries/exits recorded exactly once.
 */
export { SegmentService, toSegmentView, type DeleteGuard } from './segment.service.js';
export { segmentRouter } from './segment.routes.js';
export type { SegmentEvents } from './segment.hook.js';
export type { Transition, TransitionListener } from './segment.transitions.js';
export { rulesSchema, fieldOps, countOps, type RuleNode, type FieldCondition, type EventCondition } from './rule.schema.js';
export type { RuleCatalog, CatalogField, CatalogEvent } from './rule.catalog.js';
export { segmentCreateSchema, type SegmentView, type HistoryDay } from './segment.schema.js';
