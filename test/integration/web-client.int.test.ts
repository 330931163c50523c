/**
 * The web client served by the API process: files and client-side routes at `/`, while the API,
 * health and the public email paths keep answering as themselves. And `npm start` knows when the
 * build is stale. Uses a stand-in build (no Vite run needed).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { createLogger } from '../../server/log.js';
import { clientBuildIsStale, clientSourceHash } from '../../server/web/client-build.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const INDEX = '<!doctype html><title>Retainly</title><div id="root"></div>';
let h: Harness;
let dist: string;
let web: supertest.Agent;

beforeAll(async () => {
  h = await startHarness({ catcher: true });
  dist = mkdtempSync(join(tmpdir(), 'retainly-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log("app")');
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const app = buildApp({
    config: { PUBLIC_URL: 'http://localhost:3000', version: 'test' },
    log: createLogger('silent'),
    services: h.services,
    catcherEnabled: true,
    smtpStatus: async () => 'embedded',
    webClientDir: dist,
  });
  web = supertest.agent(app);
});
afterAll(async () => {
  rmSync(dist, { recursive: true, force: true });
  await h.close();
});

describe('the web client on the API port', () => {
  it('serves the app at / and at every client-side route', async () => {
    for (const path of ['/', '/login', '/customers', '/customers/0123456789abcdef01234567', '/settings/api-keys']) {
      const res = await web.get(path).expect(200);
      expect(res.type).toBe('text/html');
      expect(res.text).toBe(INDEX);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves built files, hashed assets as immutable, and a 404 for a missing file', async () => {
    const asset = await web.get('/assets/app-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    await web.get('/favicon.svg').expect(200);
    const missing = await web.get('/assets/gone-123.js').expect(404);
    expect(missing.text).not.toContain('id="root"');
  });

  it('never shadows the API, health or the public email paths', async () => {
    const api = await web.get('/api/v1/customers').expect(401);
    expect(api.body.error.code).toBe('unauthenticated');
    const unknownApi = await web.get('/api/v1/no-such-route').set('Authorization', `Bearer ${h.keys.admin}`).expect(404);
    expect(unknownApi.body.error.code).toBe('not_found');
    expect((await web.get('/health').expect(200)).body.status).toBe('ok');
    for (const path of ['/t/o/abc', '/u/abc', '/p/abc', '/webhooks/smtp', '/api', '/health/x']) {
      const res = await web.get(path);
      expect(String(res.text ?? ''), path).not.toContain('id="root"');
    }
  });
});

describe('building the client when stale', () => {
  it('asks for a build without one, and again after a source changes', () => {
    const root = mkdtempSync(join(tmpdir(), 'retainly-client-'));
    try {
      mkdirSync(join(root, 'src'));
      writeFileSync(join(root, 'index.html'), '<div id="root"></div>');
      writeFileSync(join(root, 'src', 'main.tsx'), 'export {}');
      const lockfile = join(root, 'lock.json');
      writeFileSync(lockfile, '{}');
      expect(clientBuildIsStale(root, clientSourceHash(root, lockfile))).toBe(true);

      mkdirSync(join(root, 'dist'));
      writeFileSync(join(root, 'dist', 'index.html'), 'built');
      writeFileSync(join(root, 'dist', '.build-stamp'), `${clientSourceHash(root, lockfile)}\n`);
      expect(clientBuildIsStale(root, clientSourceHash(root, lockfile))).toBe(false);

      writeFileSync(join(root, 'src', 'main.tsx'), 'export const changed = true;');
      expect(clientBuildIsStale(root, clientSourceHash(root, lockfile))).toBe(true);
      writeFileSync(join(root, 'src', 'main.tsx'), 'export {}');
      writeFileSync(lockfile, '{"react":"20"}');
      expect(clientBuildIsStale(root, clientSourceHash(root, lockfile))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
