/**
 * buildApp: the express app (middleware, routers, error handler) without listening, so tests
 * drive it in-process. Public routes first, then everything under /api/v1 behind auth, then the
 * web client (when given), which steps aside for every server path.
 */
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { Services } from './services.js';
import { authenticate, writersOnly } from './http/auth.js';
import { AppError, errorHandler } from './http/errors.js';
import { authRouter, loginRouter } from './modules/auth/index.js';
import { customerRouter } from './modules/customers/index.js';
import { eventRouter } from './modules/events/index.js';
import { sendRouter } from './modules/sends/index.js';
import { segmentRouter } from './modules/segments/index.js';
import { templateRouter } from './modules/templates/index.js';
import { cadenceRouter } from './modules/cadences/index.js';
import { hitRouter, trackingRouter, webhookInfoRouter } from './modules/tracking/index.js';
import { reportRouter } from './modules/reports/index.js';
import { starterRouter } from './modules/starters/index.js';
import { clockRouter, healthRouter, outboxRouter } from './modules/system/index.js';
import { webClientRouter } from './web/web-client.js';

export interface AppOptions {
  config: Pick<Config, 'PUBLIC_URL' | 'version'>;
  log: Logger;
  services: Services;
  catcherEnabled: boolean;
  smtpStatus: () => Promise<string>;
  /** The built web client to serve at `/` (main.ts); unset in tests, which drive the API only. */
  webClientDir?: string;
}

export const BODY_LIMIT = '5mb';

/** While the database is unreachable, answer 503 at once instead of waiting on the driver. */
function requireDatabase(services: Services): RequestHandler {
  return (_req, _res, next) => {
    if (services.conn.readyState !== 1) throw new AppError('unavailable', 'The database is unavailable; try again shortly');
    next();
  };
}

export function buildApp(opts: AppOptions): Express {
  const { services } = opts;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // Tracking hits first: they need none of the middleware below (see hitRouter).
  app.use(hitRouter({ tracking: services.tracking, links: services.links, company: services.company.name }));
  // Health checks are not logged one by one.
  app.use(pinoHttp({ logger: opts.log, autoLogging: { ignore: (req) => req.url === '/health' }, quietReqLogger: true }));
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(express.json({ limit: BODY_LIMIT, strict: true, type: ['application/json', 'application/*+json'] }));
  app.use(express.urlencoded({ limit: BODY_LIMIT, extended: false }));

  app.use(healthRouter({ conn: services.conn, version: opts.config.version, smtpStatus: opts.smtpStatus }));
  app.use(trackingRouter({ tracking: services.tracking, links: services.links, signer: services.signer, events: services.events, company: services.company.name }));

  const api = express.Router();
  api.use(requireDatabase(services));
  api.use(loginRouter(services.auth, { secureCookies: opts.config.PUBLIC_URL.startsWith('https:') }));
  api.use(authenticate(services.auth));
  // Before writersOnly: a viewer may log out; user and key management checks the admin role itself.
  api.use(authRouter(services.auth));
  api.use(writersOnly);
  api.use(customerRouter(services.customers));
  api.use(eventRouter(services.events));
  api.use(sendRouter(services.sends, { events: services.events, clock: services.clock }));
  api.use(segmentRouter(services.segments));
  api.use(templateRouter(services.templates));
  api.use(cadenceRouter(services.cadences));
  api.use(reportRouter(services.reports));
  api.use(starterRouter(services.starters));
  api.use(webhookInfoRouter(services.signer, services.links));
  api.use(clockRouter(services.clock, services.registry));
  api.use(outboxRouter(services.conn, opts.catcherEnabled));
  api.use((req) => {
    throw new AppError('not_found', `No route ${req.method} ${req.baseUrl}${req.path}`);
  });
  app.use('/api/v1', api);
  if (opts.webClientDir) app.use(webClientRouter(opts.webClientDir));
  app.use(errorHandler);
  return app;
}
