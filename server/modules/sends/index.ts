/**
 * Sends: the ledger of every cadence step's email (at most once per enrollment and step), the raw
 * facts reports are built from, and `GET /api/v1/messages`.
 */
export { SendService, emailSentEvent, type NewMessage, type SendOutcome, type StepStatusCount } from './send.service.js';
export { CONVERSION_WINDOW_MS, type Engagement, type Order, type MessageFacts } from './send.facts.js';
export { counterNames, countersOf, cohortOf, emptyCounters, type Counters, type CounterName, type Cohort, type LedgerDelta, type DeltaListener } from './counters.js';
export { sendRouter } from './send.routes.js';
export type { MessageDoc } from './message.model.js';
export * from './message.schema.js';
