import { Router } from 'express';
import { parse } from '../../http/validate.js';
import { listQuerySchema, objectIdSchema } from '../../lib/schemas.js';
import { activateSchema, cadenceInputSchema, cadencePatchSchema, enrollmentQuerySchema } from './cadence.schema.js';
import type { CadenceService } from './cadence.service.js';

export function cadenceRouter(cadences: CadenceService): Router {
  const r = Router();
  const id = (v: unknown): string => parse(objectIdSchema, v, ['id']);
  r.get('/cadences', async (req, res) => {
    res.json(await cadences.list(parse(listQuerySchema, req.query)));
  });
  r.post('/cadences', async (req, res) => {
    res.status(201).json(await cadences.create(parse(cadenceInputSchema, req.body)));
  });
  r.get('/cadences/:id', async (req, res) => {
    res.json(await cadences.get(id(req.params.id)));
  });
  r.patch('/cadences/:id', async (req, res) => {
    res.json(await cadences.update(id(req.params.id), parse(cadencePatchSchema, req.body)));
  });
  r.delete('/cadences/:id', async (req, res) => {
    await cadences.archive(id(req.params.id));
    res.status(204).end();
  });
  r.post('/cadences/:id/activate', async (req, res) => {
    const body = parse(activateSchema, req.body ?? {});
    res.json(await cadences.activate(id(req.params.id), body.enrollExisting));
  });
  r.post('/cadences/:id/pause', async (req, res) => {
    res.json(await cadences.pause(id(req.params.id)));
  });
  r.post('/cadences/:id/resume', async (req, res) => {
    res.json(await cadences.resume(id(req.params.id)));
  });
  r.post('/cadences/:id/archive', async (req, res) => {
    await cadences.archive(id(req.params.id));
    res.json(await cadences.get(id(req.params.id)));
  });
  r.get('/cadences/:id/enrollments', async (req, res) => {
    res.json(await cadences.enrollments(id(req.params.id), parse(enrollmentQuerySchema, req.query)));
  });
  return r;
}
