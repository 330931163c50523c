/**
 * Every route is authenticated unless it is on the explicit public allow-list: each route the app
 * serves is called with no key, a wrong key and a viewer key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isReadOnlyPost } from '../../server/http/auth.js';
import { isPublic } from '../../server/http/public-routes.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { concretePath, listRoutes, type RouteInfo } from '../helpers/routes.js';

let h: Harness;
let routes: RouteInfo[];
beforeAll(async () => {
  h = await startHarness({ catcher: true });
  routes = listRoutes(h.app);
});
afterAll(async () => {
  await h.close();
});

const call = (r: RouteInfo, auth?: string) => {
  const req = h.raw[r.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete' | 'put'](concretePath(r.path));
  if (auth) req.set('Authorization', auth);
  return r.method === 'GET' || r.method === 'DELETE' ? req : req.send({});
};

describe('route authentication', () => {
  it('finds the API routes to check', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes).toContainEqual({ method: 'POST', path: '/api/v1/customers' });
  });

  it('answers 401 without a key and with a wrong key on every non-public route', async () => {
    const leaks: string[] = [];
    for (const r of routes.filter((x) => !isPublic(x.method, x.path))) {
      for (const auth of [undefined, 'Bearer rk_not_a_real_key_at_all']) {
        const res = await call(r, auth);
        if (res.status !== 401) leaks.push(`${r.method} ${r.path} (${auth ? 'wrong key' : 'no key'}): ${res.status}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('refuses every write to a viewer (403) and lets a viewer read and preview', async () => {
    const wrong: string[] = [];
    const previews: string[] = [];
    for (const r of routes.filter((x) => !isPublic(x.method, x.path) && x.path.startsWith('/api/v1/'))) {
      const res = await call(r, `Bearer ${h.keys.viewer}`);
      if (r.path === '/api/v1/auth/logout') {
        if (res.status !== 204) wrong.push(`a viewer cannot log out: ${res.status}`);
        continue;
      }
      if (r.method === 'GET') {
        if (res.status === 401 || (res.status === 403 && !/\/(users|api-keys)/.test(r.path))) wrong.push(`${r.method} ${r.path}: ${res.status}`);
      } else if (isReadOnlyPost(r.method, concretePath(r.path).slice('/api/v1'.length))) {
        // Previews store nothing: a viewer gets an answer (here 400 or 404 for the empty body), never 403.
        if (res.status === 401 || res.status === 403) wrong.push(`a viewer cannot preview: ${r.method} ${r.path}: ${res.status}`);
        previews.push(r.path);
      } else if (res.status !== 403) wrong.push(`${r.method} ${r.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
    expect(previews.sort()).toEqual(['/api/v1/segments/preview', '/api/v1/templates/:id/preview', '/api/v1/templates/preview']);
  });
});
