/**
 * Tracking: the public endpoints an email's links lead to (open pixel, click redirect, unsubscribe,
 * preferences, the bounce webhook), the buffered recording of hits with machine-traffic flagging,
 * and the feedback of bounces, complaints and orders into the send ledger.
 */
export { TrackingService, type LinkTargetPort, type TrackingDeps } from './tracking.service.js';
export { hitRouter, trackingRouter, webhookInfoRouter, webhookToken } from './tracking.routes.js';
export { feedbackHook } from './feedback.hook.js';
export { classifyClick, classifyOpen, PREFETCH_WINDOW_MS, SCAN_WINDOW_MS } from './machine.js';
