/** Events: batch ingestion with idempotency, applied to profiles in bulk; system-recorded events. */
export { EventService, type SystemEvent } from './event.service.js';
export { eventRouter } from './event.routes.js';
export type { EventDoc } from './event.model.js';
export { eventTypeSchema, systemEventTypes, type EventTimelineItem, type IngestResult } from './event.schema.js';
