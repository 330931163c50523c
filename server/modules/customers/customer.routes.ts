import { Router } from 'express';
import { AppError } from '../../http/errors.js';
import { parse } from '../../http/validate.js';
import { objectIdSchema } from '../../lib/schemas.js';
import { z } from 'zod';
import { customerSearchSchema, customerUpsertSchema } from './customer.schema.js';
import { importCustomersCsv } from './customer.import.js';
import type { CustomerService } from './customer.service.js';

const timelineQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export function customerRouter(customers: CustomerService): Router {
  const r = Router();
  r.post('/customers', async (req, res) => {
    const { customer, created } = await customers.upsert(parse(customerUpsertSchema, req.body));
    res.status(created ? 201 : 200).json(customer);
  });
  r.post('/customers/import', async (req, res) => {
    if (!req.is('text/csv')) throw new AppError('unsupported_media_type', 'Send the CSV with Content-Type: text/csv');
    res.json(await importCustomersCsv(customers, req));
  });
  r.get('/customers', async (req, res) => {
    res.json(await customers.search(parse(customerSearchSchema, req.query)));
  });
  r.get('/customers/:id', async (req, res) => {
    res.json(await customers.get(parse(objectIdSchema, req.params.id, ['id'])));
  });
  r.get('/customers/:id/timeline', async (req, res) => {
    const { limit } = parse(timelineQuery, req.query);
    res.json(await customers.timeline(parse(objectIdSchema, req.params.id, ['id']), limit));
  });
  r.get('/customers/:id/export', async (req, res) => {
    const id = parse(objectIdSchema, req.params.id, ['id']);
    res.setHeader('Content-Disposition', `attachment; filename="customer-${id}.json"`);
    res.json(await customers.exportData(id));
  });
  r.delete('/customers/:id', async (req, res) => {
    await customers.erase(parse(objectIdSchema, req.params.id, ['id']));
    res.status(204).end();
  });
  return r;
}
