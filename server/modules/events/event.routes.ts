import { Router } from 'express';
import type { EventService } from './event.service.js';

export function eventRouter(events: EventService): Router {
  const r = Router();
  r.post('/events', async (req, res) => {
    res.status(202).json(await events.ingest(req.body));
  });
  return r;
}
