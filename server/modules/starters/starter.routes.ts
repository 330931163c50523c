import { Router } from 'express';
import { parse } from '../../http/validate.js';
import { installSchema } from './starter.schema.js';
import type { StarterService } from './starter.service.js';

export function starterRouter(starters: StarterService): Router {
  const r = Router();
  r.get('/starters', async (_req, res) => {
    res.json(await starters.list());
  });
  // 201 when something was created, 200 when everything was installed already.
  r.post('/starters', async (req, res) => {
    const result = await starters.install(parse(installSchema, req.body ?? {}));
    res.status(result.created.length ? 201 : 200).json(result);
  });
  return r;
}
