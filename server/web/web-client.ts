/**
 * Serves the built web client (client/dist) from the API process: static files, and index.html
 * for every other GET a browser makes (client-side routes like /customers/:id). Mounted last, and
 * it steps aside for the API, health and the public email paths, so it can never shadow them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/** Paths that belong to the server, never to the client (see server/http/public-routes.ts). */
export const serverPaths = /^\/(api|health|t|u|p|webhooks)(\/|$)/;

export function webClientRouter(distDir: string): Router {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) throw new Error(`The web client is not built: ${index} is missing`);
  const r = Router();
  r.use((req, _res, next) => next(serverPaths.test(req.path) ? 'router' : undefined));
  // Vite names built assets by content hash: they never change, so browsers may keep them.
  r.use('/assets', express.static(join(distDir, 'assets'), { immutable: true, maxAge: '1y', index: false }));
  r.use(express.static(distDir, { index: false, maxAge: '1h' }));
  r.get('/{*path}', (req, res, next) => {
    // A missing file (a path with an extension) is a 404, not the app.
    if (/\.[a-z0-9]{1,8}$/i.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return r;
}
