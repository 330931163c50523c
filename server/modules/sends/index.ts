/**
 * Sends: the ledger of every cadence step's email (at most once per enrollment and step), the raw
 * facts reports are built from, and `GET /api/v1/messages`.
 */
export { SendService, type NewMessage, type SendOutcome, type StepStatusCount, type SentListener } from './send.service.js';
export { sendRouter } from './send.routes.js';
export type { MessageDoc } from './message.model.js';
export * from './message.schema.js';
