/** System: health, the clock endpoints, the outbox, and settings kept in the database. */
export { healthRouter, clockRouter, outboxRouter, databaseUp } from './system.routes.js';
export type { ClockView, HealthView, OutboxMessageView } from './system.schema.js';
export { resolveSecret, getSetting, setSetting } from './settings.js';
