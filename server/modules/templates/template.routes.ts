import { Router } from 'express';
import { parse } from '../../http/validate.js';
import { listQuerySchema, objectIdSchema } from '../../lib/schemas.js';
import { draftPreviewSchema, previewSchema, templateCreateSchema, templatePatchSchema, testSendSchema, versionParamSchema } from './template.schema.js';
import type { TemplateService } from './template.service.js';

export function templateRouter(templates: TemplateService): Router {
  const r = Router();
  const id = (v: unknown): string => parse(objectIdSchema, v, ['id']);

  r.post('/templates', async (req, res) => {
    res.status(201).json(await templates.create(parse(templateCreateSchema, req.body)));
  });
  r.get('/templates', async (req, res) => {
    const q = parse(listQuerySchema, req.query);
    res.json(await templates.list(q.limit, q.cursor));
  });
  // Before /templates/:id: these are fixed paths, not ids.
  r.get('/templates/starters', async (_req, res) => {
    res.json({ items: await templates.starters() });
  });
  r.post('/templates/starters', async (_req, res) => {
    const result = await templates.installStarters();
    res.status(result.created.length ? 201 : 200).json(result);
  });
  // Unsaved sources: validated and rendered, nothing stored (the editor's live preview).
  r.post('/templates/preview', async (req, res) => {
    res.json(await templates.previewDraft(parse(draftPreviewSchema, req.body)));
  });
  r.get('/templates/partials', async (_req, res) => {
    res.json({ items: await templates.partials() });
  });
  r.get('/templates/:id', async (req, res) => {
    res.json(await templates.get(id(req.params.id)));
  });
  r.patch('/templates/:id', async (req, res) => {
    const templateId = id(req.params.id);
    res.json(await templates.edit(templateId, parse(templatePatchSchema, req.body)));
  });
  r.delete('/templates/:id', async (req, res) => {
    await templates.remove(id(req.params.id));
    res.status(204).end();
  });
  r.get('/templates/:id/versions', async (req, res) => {
    const templateId = id(req.params.id);
    const q = parse(listQuerySchema, req.query);
    res.json(await templates.versions(templateId, q.limit, q.cursor));
  });
  r.get('/templates/:id/versions/:version', async (req, res) => {
    const templateId = id(req.params.id);
    res.json(await templates.version(templateId, parse(versionParamSchema, req.params.version, ['version'])));
  });
  r.post('/templates/:id/preview', async (req, res) => {
    const templateId = id(req.params.id);
    res.json(await templates.preview(templateId, parse(previewSchema, req.body ?? {})));
  });
  r.post('/templates/:id/test-send', async (req, res) => {
    const templateId = id(req.params.id);
    res.json(await templates.testSend(templateId, parse(testSendSchema, req.body)));
  });
  return r;
}
