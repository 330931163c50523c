import { Router } from 'express';
import { parse } from '../../http/validate.js';
import { objectIdSchema } from '../../lib/schemas.js';
import { messageQuerySchema } from './message.schema.js';
import type { SendService } from './send.service.js';

export function sendRouter(sends: SendService): Router {
  const r = Router();
  r.get('/messages', async (req, res) => {
    res.json(await sends.list(parse(messageQuerySchema, req.query)));
  });
  r.get('/messages/:id', async (req, res) => {
    res.json(await sends.get(parse(objectIdSchema, req.params.id, ['id'])));
  });
  return r;
}
