import { Router } from 'express';
import type { Clock } from '../../clock.js';
import { parse } from '../../http/validate.js';
import { objectIdSchema } from '../../lib/schemas.js';
import type { EventService } from '../events/index.js';
import { messageQuerySchema, resolveSchema } from './message.schema.js';
import { messageView } from './message.view.js';
import { emailSentEvent, type SendService } from './send.service.js';

export function sendRouter(sends: SendService, deps: { events: Pick<EventService, 'record'>; clock: Clock }): Router {
  const r = Router();
  r.get('/messages', async (req, res) => {
    res.json(await sends.list(parse(messageQuerySchema, req.query)));
  });
  r.get('/messages/:id', async (req, res) => {
    res.json(await sends.get(parse(objectIdSchema, req.params.id, ['id'])));
  });
  // A message under review resolved by a person. Delivered, it is an `email_sent` like any other
  // for the profile and the segments (idempotent: a retried request records it once).
  r.post('/messages/:id/resolve', async (req, res) => {
    const id = parse(objectIdSchema, req.params.id, ['id']);
    const input = parse(resolveSchema, req.body ?? {});
    const row = await sends.resolve(id, input, deps.clock.now());
    if (row.status === 'sent' && row.customerId && row.sentAt) await deps.events.record([emailSentEvent({ ...row, customerId: row.customerId }, row.sentAt)]);
    res.json(messageView(row));
  });
  return r;
}
