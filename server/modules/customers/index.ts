/**
 * Customers: profiles, identity resolution, derived fields (stats, cart, RFM, lifecycle),
 * CSV import, erasure and the timeline. Every profile change goes through `ProfileWriter`,
 * where other modules (segments) hook in with `ProfileHook`.
 */
export { CustomerService, escapeRegex, type IdentityRef, type TimelineSource, type ErasureHook, type ExportSource } from './customer.service.js';
export { customerRouter } from './customer.routes.js';
export { applyEvent, deriveTimeFields, profileRules, type ProfileEvent } from './profile.js';
export { proposeCheck, type ProfileChange, type ProfileHook, type ProfileWriter } from './profile-writer.js';
export type { CustomerDoc, LastEvent, PendingTransition, RecentView } from './customer.model.js';
export * from './customer.schema.js';
export { attributesIn, toCustomerView } from './customer.view.js';
