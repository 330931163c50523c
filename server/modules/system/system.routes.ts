/** Health (public), the clock, and the embedded catcher's outbox. */
import { Router } from 'express';
import { Types, type Connection } from 'mongoose';
import { z } from 'zod';
import { ManualClock, durationMs, type Clock, type DueWorkRegistry } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import { parse } from '../../http/validate.js';
import { durationSchema, isoDateSchema, listQuerySchema, objectIdSchema } from '../../lib/schemas.js';
import { decodeAfter, decodeCursor, idRange, toPage } from '../../lib/pagination.js';
import { outboxCollection, type OutboxDoc } from '../../mail/catcher.js';
import type { ClockView, HealthView, OutboxMessageView } from './system.schema.js';

export interface HealthDeps {
  conn: Connection;
  version: string;
  smtpStatus: () => Promise<string>;
}

export async function databaseUp(conn: Connection): Promise<boolean> {
  if (conn.readyState !== 1 || !conn.db) return false;
  try {
    await conn.db.admin().command({ ping: 1 }, { timeoutMS: 1_500 });
    return true;
  } catch {
    return false;
  }
}

export function healthRouter(deps: HealthDeps): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    const [dbUp, smtp] = await Promise.all([databaseUp(deps.conn), deps.smtpStatus().catch(() => 'down')]);
    const health: HealthView = { status: dbUp ? 'ok' : 'degraded', db: dbUp ? 'ok' : 'down', smtp, version: deps.version };
    res.status(dbUp ? 200 : 503).json(health);
  });
  return r;
}

/** `tick`: run due work as a worker polling every `tick` would (batched), not at each item's own time. */
const tickSchema = durationSchema.refine((d) => durationMs(d) > 0, { message: 'must be longer than 0' }).optional();
const advanceSchema = z.union([z.strictObject({ by: durationSchema, tick: tickSchema }), z.strictObject({ to: isoDateSchema, tick: tickSchema })], {
  error: 'give either { "by": duration } or { "to": ISO timestamp }, and optionally a "tick" duration',
});

export function clockRouter(clock: Clock, registry: DueWorkRegistry): Router {
  const r = Router();
  r.get('/clock', (_req, res) => {
    const view: ClockView = { mode: clock.mode, now: clock.now().toISOString() };
    res.json(view);
  });
  r.post('/clock/advance', async (req, res) => {
    if (!(clock instanceof ManualClock)) throw new AppError('conflict', 'The clock advances only in manual mode (CLOCK_MODE=manual)');
    const body = parse(advanceSchema, req.body);
    const target = 'by' in body ? new Date(clock.now().getTime() + durationMs(body.by)) : body.to;
    if (target.getTime() < clock.now().getTime()) {
      throw new AppError('validation_failed', 'The clock does not go backwards', [{ path: 'to', message: `must not be before ${clock.now().toISOString()}` }]);
    }
    const now = await registry.advance(target, { tickMs: body.tick ? durationMs(body.tick) : undefined });
    const view: ClockView = { mode: clock.mode, now: now.toISOString() };
    res.json(view);
  });
  return r;
}

export function outboxRouter(conn: Connection, enabled: boolean): Router {
  const r = Router();
  const guard = (): void => {
    if (!enabled) throw new AppError('not_found', 'The outbox exists only with the embedded SMTP catcher (SMTP_URL unset)');
  };
  r.get('/outbox', async (req, res) => {
    guard();
    const q = parse(listQuerySchema.extend({ to: z.string().max(254).optional(), after: z.string().max(200).optional() }), req.query);
    const filter: Record<string, unknown> = {};
    const ids = idRange(decodeCursor(q.cursor), decodeAfter(q.after));
    if (ids) filter._id = ids;
    if (q.to) filter['envelope.to'] = q.to.toLowerCase();
    const rows = await outboxCollection(conn.db!).find(filter).sort({ _id: -1 }).limit(q.limit + 1).toArray();
    res.json(toPage(rows as StoredOutbox[], q.limit, toOutboxView));
  });
  r.get('/outbox/:id', async (req, res) => {
    guard();
    const id = parse(objectIdSchema, req.params.id, ['id']);
    const doc = await outboxCollection(conn.db!).findOne({ _id: new Types.ObjectId(id) });
    if (!doc) throw new AppError('not_found', 'No captured email with this id');
    res.json(toOutboxView(doc as StoredOutbox));
  });
  r.delete('/outbox', async (_req, res) => {
    guard();
    await outboxCollection(conn.db!).deleteMany({});
    res.status(204).end();
  });
  return r;
}

type StoredOutbox = OutboxDoc & { _id: NonNullable<OutboxDoc['_id']> };

function toOutboxView(m: StoredOutbox): OutboxMessageView {
  return {
    id: m._id.toHexString(),
    receivedAt: m.receivedAt.toISOString(),
    envelope: m.envelope,
    messageId: m.messageId,
    subject: m.subject,
    from: m.from,
    to: m.to,
    headers: m.headers,
    html: m.html,
    text: m.text,
  };
}
