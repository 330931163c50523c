import { Router } from 'express';
import { requireRole } from '../../http/auth.js';
import { parse } from '../../http/validate.js';
import { objectIdSchema } from '../../lib/schemas.js';
import { rangeSchema, segmentsReportQuerySchema } from './report.schema.js';
import type { ReportService } from './report.service.js';

export function reportRouter(reports: ReportService): Router {
  const r = Router();
  const id = (v: unknown): string => parse(objectIdSchema, v, ['id']);
  r.get('/reports/overview', async (req, res) => {
    res.json(await reports.overview(parse(rangeSchema, req.query)));
  });
  r.get('/reports/segments', async (req, res) => {
    res.json(await reports.segments(parse(segmentsReportQuerySchema, req.query)));
  });
  r.get('/reports/segments/:id/timeseries', async (req, res) => {
    res.json(await reports.segmentTimeseries(id(req.params.id), parse(rangeSchema, req.query)));
  });
  r.get('/reports/cadences/:id', async (req, res) => {
    res.json(await reports.cadence(id(req.params.id), parse(rangeSchema, req.query)));
  });
  r.post('/reports/recompute', requireRole('admin'), async (_req, res) => {
    res.json(await reports.recompute());
  });
  return r;
}
