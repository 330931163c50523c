import { Router } from 'express';
import { parse } from '../../http/validate.js';
import { listQuerySchema, objectIdSchema } from '../../lib/schemas.js';
import { historyQuerySchema, previewSchema, segmentCreateSchema, segmentPatchSchema } from './segment.schema.js';
import type { SegmentService } from './segment.service.js';
import { ruleCatalog } from './rule.catalog.js';

export function segmentRouter(segments: SegmentService): Router {
  const r = Router();
  const id = (raw: unknown): string => parse(objectIdSchema, raw, ['id']);
  r.post('/segments', async (req, res) => {
    res.status(201).json(await segments.create(parse(segmentCreateSchema, req.body)));
  });
  r.get('/segments', async (req, res) => {
    res.json(await segments.list(parse(listQuerySchema, req.query)));
  });
  // Before /segments/:id, which would take "fields" or "preview" for an id.
  r.get('/segments/fields', (_req, res) => {
    res.json(ruleCatalog());
  });
  r.post('/segments/preview', async (req, res) => {
    res.json(await segments.preview(parse(previewSchema, req.body).rules));
  });
  r.get('/segments/:id', async (req, res) => {
    res.json(await segments.get(id(req.params.id)));
  });
  r.patch('/segments/:id', async (req, res) => {
    const segmentId = id(req.params.id);
    res.json(await segments.update(segmentId, parse(segmentPatchSchema, req.body)));
  });
  r.delete('/segments/:id', async (req, res) => {
    await segments.remove(id(req.params.id));
    res.status(204).end();
  });
  r.get('/segments/:id/members', async (req, res) => {
    const segmentId = id(req.params.id);
    res.json(await segments.members(segmentId, parse(listQuerySchema, req.query)));
  });
  r.get('/segments/:id/history', async (req, res) => {
    const segmentId = id(req.params.id);
    res.json({ items: await segments.history(segmentId, parse(historyQuerySchema, req.query)), nextCursor: null });
  });
  return r;
}
