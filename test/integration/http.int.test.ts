import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('authentication and roles', () => {
  it('answers 401 without a key and with a wrong or malformed one', async () => {
    for (const header of [undefined, 'Bearer rk_wrong', 'Basic abc', 'Bearer']) {
      const req = h.raw.get('/api/v1/customers');
      if (header) req.set('Authorization', header);
      const res = await req.expect(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });

  it('lets a viewer read but not write (403), and a marketer write', async () => {
    await h.raw.get('/api/v1/customers').set('Authorization', `Bearer ${h.keys.viewer}`).expect(200);
    const denied = await h.raw.post('/api/v1/customers').set('Authorization', `Bearer ${h.keys.viewer}`).send({ email: 'v@example.com' }).expect(403);
    expect(denied.body.error.code).toBe('forbidden');
    expect(await h.services.customers.collection.countDocuments({ emailKey: 'v@example.com' })).toBe(0);
    await h.raw.post('/api/v1/customers').set('Authorization', `Bearer ${h.keys.marketer}`).send({ email: 'm@example.com' }).expect(201);
  });

  it('keeps user and key management to admins', async () => {
    await h.raw.get('/api/v1/api-keys').set('Authorization', `Bearer ${h.keys.marketer}`).expect(403);
    const created = await h.api.post('/api/v1/api-keys', { name: 'ci', role: 'viewer' }).expect(201);
    expect(created.body.key).toMatch(/^rk_/);
    await h.raw.get('/api/v1/customers').set('Authorization', `Bearer ${created.body.key}`).expect(200);
    await h.api.delete(`/api/v1/api-keys/${created.body.id}`).expect(204);
    await h.raw.get('/api/v1/customers').set('Authorization', `Bearer ${created.body.key}`).expect(401);
  });

  it('logs a marketer in with an httpOnly session cookie and requires the CSRF header for writes', async () => {
    await h.api.post('/api/v1/users', { email: 'Mia@example.com', password: 'correct horse battery', role: 'marketer' }).expect(201);
    const wrong = await h.raw.post('/api/v1/auth/login').send({ email: 'mia@example.com', password: 'nope' }).expect(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const login = await h.raw.post('/api/v1/auth/login').send({ email: 'mia@example.com', password: 'correct horse battery' }).expect(200);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/retainly_session=.+HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const session = cookie.split(';')[0]!;
    await h.raw.get('/api/v1/customers').set('Cookie', session).expect(200);
    await h.raw.post('/api/v1/customers').set('Cookie', session).send({ email: 'csrf@example.com' }).expect(403);
    await h.raw.post('/api/v1/customers').set('Cookie', session).set('X-CSRF-Token', login.body.csrfToken).send({ email: 'csrf@example.com' }).expect(201);
    await h.raw.post('/api/v1/auth/logout').set('Cookie', session).set('X-CSRF-Token', login.body.csrfToken).expect(204);
    await h.raw.get('/api/v1/customers').set('Cookie', session).expect(401);
  });

  it('keeps a session across a manual clock advance: sessions expire by wall time, not simulated time', async () => {
    await h.api.post('/api/v1/users', { email: 'sim@example.com', password: 'simulated weeks', role: 'marketer' }).expect(201);
    const login = await h.raw.post('/api/v1/auth/login').send({ email: 'sim@example.com', password: 'simulated weeks' }).expect(200);
    const session = String(login.headers['set-cookie']).split(';')[0]!;
    await h.api.post('/api/v1/clock/advance', { by: '2w' }).expect(200);
    const me = await h.raw.get('/api/v1/auth/me').set('Cookie', session).expect(200);
    expect(me.body).toMatchObject({ kind: 'session', role: 'marketer', name: 'sim@example.com', csrfToken: login.body.csrfToken });
  });

  it('locks an account after repeated failed logins', async () => {
    await h.api.post('/api/v1/users', { email: 'lock@example.com', password: 'the right password', role: 'viewer' }).expect(201);
    for (let i = 0; i < 5; i++) await h.raw.post('/api/v1/auth/login').send({ email: 'lock@example.com', password: `wrong ${i}` }).expect(401);
    const locked = await h.raw.post('/api/v1/auth/login').send({ email: 'lock@example.com', password: 'the right password' }).expect(429);
    expect(locked.body.error.code).toBe('rate_limited');
  });
});

describe('the error envelope', () => {
  it('answers 400 for JSON that does not parse, without a stack trace', async () => {
    const res = await h.api.post('/api/v1/customers').set('Content-Type', 'application/json').send('{"email": ').expect(400);
    expect(res.body).toEqual({ error: { code: 'validation_failed', message: expect.any(String), details: expect.any(Array) } });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers 413 for a body over 5 MB and stores nothing', async () => {
    const big = { email: 'big@example.com', attributes: { blob: 'x'.repeat(5 * 1024 * 1024 + 10) } };
    const res = await h.api.post('/api/v1/customers', big).expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await h.services.customers.collection.countDocuments({ emailKey: 'big@example.com' })).toBe(0);
  });

  it('answers 400 for unknown fields, naming them', async () => {
    const res = await h.api.post('/api/v1/events', { type: 'page_viewed', email: 'u@example.com', colour: 'red' }).expect(202);
    expect(res.body.rejected[0].error).toContain('colour');
  });

  it('answers 404 in the envelope for an unknown route', async () => {
    const res = await h.api.get('/api/v1/nothing-here').expect(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('refuses a clock advance backwards or by a malformed duration', async () => {
    const res = await h.api.post('/api/v1/clock/advance', { to: '2000-01-01T00:00:00Z' }).expect(400);
    expect(res.body.error.details[0].path).toBe('to');
    await h.api.post('/api/v1/clock/advance', { by: 'soon' }).expect(400);
  });

  it('reports health without auth', async () => {
    const res = await h.raw.get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', db: 'ok', version: 'test' });
  });
});
