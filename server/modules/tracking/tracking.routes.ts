/**
 * Public tracking endpoints (no auth; see server/http/public-routes.ts): the open pixel, click
 * redirects, unsubscribe (RFC 8058 one-click) and preference pages, and the bounce/complaint webhook.
 * They verify the HMAC before looking anything up, and the pixel always answers.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Links, LinkSubject } from '../../lib/links.js';
import type { Signer } from '../../lib/tokens.js';
import { AppError } from '../../http/errors.js';
import type { EventService } from '../events/index.js';
import { preferencesPage, unknownLinkPage, unsubscribedPage, unsubscribePage } from './pages.js';
import { pickLang } from './pages.strings.js';
import type { TrackingService } from './tracking.service.js';

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export interface TrackingRouterOptions {
  tracking: TrackingService;
  links: Links;
  signer: Signer;
  events: EventService;
  company: string;
}

function requestInfo(req: Request): { userAgent: string; ip: string; method: string } {
  return { userAgent: req.get('user-agent') ?? '', ip: req.ip ?? '', method: req.method };
}

function sendPage(res: Response, status: number, html: string): void {
  res.status(status).set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': PAGE_CSP, 'Referrer-Policy': 'no-referrer' }).send(html);
}

export function webhookToken(signer: Signer): string {
  return signer.mac('webhook', 'email-events', 16);
}

const webhookTypes = new Set(['email_bounced', 'email_complained']);
const typed = z.looseObject({ type: z.string() });
const typedBatch = z.strictObject({ events: z.array(typed).min(1).max(1000) });

const lang = (req: Request, locale?: string | null) => pickLang(locale, req.get('accept-language'));

/**
 * The open pixel and click redirects: the hottest paths, mounted before the app's middleware (no
 * body to parse, nothing to log per hit, no HTML to protect), answering without waiting on a write.
 */
export function hitRouter(o: Pick<TrackingRouterOptions, 'tracking' | 'links' | 'company'>): Router {
  const r = Router();
  const unknown = (req: Request, res: Response): void => sendPage(res, 404, unknownLinkPage(lang(req), o.company));

  r.get('/t/o/:file', (req, res) => {
    const messageId = o.links.verifyOpen(req.params.file);
    if (messageId) o.tracking.open(messageId, requestInfo(req));
    res.status(200).set({ 'Content-Type': 'image/gif', 'Content-Length': String(PIXEL.length), 'Cache-Control': 'no-store, no-cache, must-revalidate, max-age=0', Pragma: 'no-cache' }).end(PIXEL);
  });

  const click = async (req: Request, res: Response): Promise<void> => {
    const { id, index, mac } = req.params as { id: string; index: string; mac: string };
    const target = o.links.verifyClick(id, index, mac) ? await o.tracking.click(id, Number(index), requestInfo(req)) : null;
    if (!target) return unknown(req, res);
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).redirect(302, target);
  };
  r.get('/t/c/:id/:index/:mac', click);
  r.head('/t/c/:id/:index/:mac', click);
  return r;
}

/** The unsubscribe and preference pages and the bounce webhook (after the body parsers). */
export function trackingRouter(o: TrackingRouterOptions): Router {
  const r = Router();
  const unknown = (req: Request, res: Response): void => sendPage(res, 404, unknownLinkPage(lang(req), o.company));

  const subjectOr404 = (req: Request, res: Response, verify: (t: string) => LinkSubject | null): LinkSubject | null => {
    const s = verify(req.params.token as string);
    if (!s) unknown(req, res);
    return s;
  };

  // GET never changes anything: link scanners fetch it.
  r.get('/u/:token', async (req, res) => {
    const s = subjectOr404(req, res, (t) => o.links.verifyUnsubscribe(t));
    if (!s) return;
    const { customer } = await o.tracking.subject(s);
    sendPage(res, 200, unsubscribePage(lang(req, customer?.locale), o.company, req.originalUrl.split('?')[0]!, o.links.preferencesUrl(s)));
  });
  // RFC 8058: a POST (one-click body or the page's form) unsubscribes at once, no login, no redirect.
  r.post('/u/:token', async (req, res) => {
    const s = subjectOr404(req, res, (t) => o.links.verifyUnsubscribe(t));
    if (!s) return;
    const oneClick = (req.body as Record<string, unknown> | undefined)?.['List-Unsubscribe'] === 'One-Click';
    const customer = await o.tracking.unsubscribe(s, oneClick ? 'one-click' : 'page');
    sendPage(res, 200, unsubscribedPage(lang(req, customer?.locale), o.company, o.links.preferencesUrl(s)));
  });

  r.get('/p/:token', async (req, res) => {
    const s = subjectOr404(req, res, (t) => o.links.verifyPreferences(t));
    if (!s) return;
    const { customer } = await o.tracking.subject(s);
    if (!customer) return unknown(req, res);
    sendPage(res, 200, preferencesPage(lang(req, customer.locale), o.company, req.originalUrl.split('?')[0]!, customer.subscription.status, null));
  });
  r.post('/p/:token', async (req, res) => {
    const s = subjectOr404(req, res, (t) => o.links.verifyPreferences(t));
    if (!s) return;
    const action = (req.body as Record<string, unknown> | undefined)?.action;
    if (action !== 'unsubscribe' && action !== 'resubscribe') {
      const { customer } = await o.tracking.subject(s);
      if (!customer) return unknown(req, res);
      return sendPage(res, 400, preferencesPage(lang(req, customer.locale), o.company, req.originalUrl.split('?')[0]!, customer.subscription.status, null));
    }
    const customer = action === 'unsubscribe' ? await o.tracking.unsubscribe(s, 'preferences') : await o.tracking.resubscribe(s);
    if (!customer) return unknown(req, res);
    const notice = customer.subscription.status === 'unsubscribed' && action === 'unsubscribe' ? 'unsubscribed' : customer.subscription.status === 'subscribed' && action === 'resubscribe' ? 'resubscribed' : null;
    sendPage(res, 200, preferencesPage(lang(req, customer.locale), o.company, req.originalUrl.split('?')[0]!, customer.subscription.status, notice));
  });

  // Bounces and complaints from a sending provider: the body of POST /api/v1/events, limited to
  // email_bounced and email_complained, authenticated by the secret token in the URL.
  r.post('/webhooks/email/:token', async (req, res) => {
    if (!o.signer.verify('webhook', 'email-events', String(req.params.token), 16)) throw new AppError('unauthenticated', 'Unknown webhook token');
    const batch = typedBatch.safeParse(req.body);
    const events = batch.success ? batch.data.events : [typed.parse(req.body)];
    const wrong = events.findIndex((e) => !webhookTypes.has(e.type));
    if (wrong >= 0) throw new AppError('validation_failed', 'This webhook takes email_bounced and email_complained events only', [{ path: batch.success ? `events.${wrong}.type` : 'type', message: 'must be email_bounced or email_complained' }]);
    res.status(202).json(await o.events.ingest(req.body));
  });
  return r;
}

/** Authenticated: where to point a provider's bounce and complaint webhook. */
export function webhookInfoRouter(signer: Signer, links: Links): Router {
  const r = Router();
  r.get('/webhooks', (_req, res) => {
    res.json({ emailEvents: { url: `${links.base}/webhooks/email/${webhookToken(signer)}`, accepts: ['email_bounced', 'email_complained'], body: 'as POST /api/v1/events' } });
  });
  return r;
}
