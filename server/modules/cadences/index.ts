/**
 * Cadences: segment-triggered multi-week email sequences. Enrollment from segment transitions,
 * due steps claimed in batches by Agenda-driven due work, an at-most-once send ledger.
 */
export { CadenceService } from './cadence.service.js';
export { cadenceRouter } from './cadence.routes.js';
export { EnrollmentEngine } from './enrollment.engine.js';
export { StepEngine, CLAIM_LEASE_MS } from './step.engine.js';
export { exitHook, cadenceErasure } from './cadence.hooks.js';
export type { SegmentPort, RenderPort, MailPort, Transition, RenderRecipient, RenderedEmail, SendResult } from './ports.js';
export { cadenceInputSchema, type CadenceInput } from './cadence.schema.js';
