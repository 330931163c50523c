/** Starters: ready-made segments and cadences on the starter templates, installed in one call. */
export { StarterService } from './starter.service.js';
export { starterRouter } from './starter.routes.js';
export type { InstallResult } from './starter.schema.js';
