/** The embedded catcher's outbox: what was sent, newest first, one email by id, emptied on demand. */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ catcher: true });
});
afterAll(async () => {
  await h.close();
});

async function send(to: string, subject: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: h.catcher!.port, secure: false, ignoreTLS: true });
  await transport.sendMail({ from: 'news@example.com', to, subject, text: `Text of ${subject}`, html: `<p>HTML of ${subject}</p>`, headers: { 'X-Campaign': 'spring' } });
  transport.close();
}

describe('the outbox', () => {
  it('lists captured emails newest first, filters by recipient, and gives one by id', async () => {
    await send('Ann@example.com', 'First');
    await send('bob@example.com', 'Second');
    const list = await h.api.get('/api/v1/outbox').expect(200);
    expect(list.body.items.map((m: { subject: string }) => m.subject)).toEqual(['Second', 'First']);
    expect(list.body.nextCursor).toBeNull();

    const ann = await h.api.get('/api/v1/outbox?to=ann@example.com').expect(200);
    expect(ann.body.items).toHaveLength(1);
    const first = ann.body.items[0];
    expect(first).toMatchObject({ subject: 'First', envelope: { to: ['ann@example.com'] }, text: 'Text of First' });
    expect(first.html).toContain('<p>HTML of First</p>');
    expect(first.headers['x-campaign']).toBe('spring');

    const one = await h.api.get(`/api/v1/outbox/${first.id}`).expect(200);
    expect(one.body).toEqual(first);
  });

  it('answers 404 for an id it does not hold and 400 for a malformed one', async () => {
    expect((await h.api.get('/api/v1/outbox/0123456789abcdef01234567').expect(404)).body.error.code).toBe('not_found');
    expect((await h.api.get('/api/v1/outbox/nope').expect(400)).body.error.details[0].path).toBe('id');
  });

  it('pages with a cursor', async () => {
    const page1 = await h.api.get('/api/v1/outbox?limit=1').expect(200);
    expect(page1.body.items).toHaveLength(1);
    const page2 = await h.api.get(`/api/v1/outbox?limit=1&cursor=${page1.body.nextCursor}`).expect(200);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
  });

  it('lists only what arrived after a given email, for polling what is new', async () => {
    const before = (await h.api.get('/api/v1/outbox?limit=1').expect(200)).body.items[0].id as string;
    await send('cy@example.com', 'Third');
    await send('dee@example.com', 'Fourth');
    await send('eve@example.com', 'Fifth');
    const fresh = await h.api.get(`/api/v1/outbox?after=${before}`).expect(200);
    expect(fresh.body.items.map((m: { subject: string }) => m.subject)).toEqual(['Fifth', 'Fourth', 'Third']);
    // Paged with the cursor, still bounded by `after`.
    const page1 = await h.api.get(`/api/v1/outbox?after=${before}&limit=2`).expect(200);
    const page2 = await h.api.get(`/api/v1/outbox?after=${before}&limit=2&cursor=${page1.body.nextCursor}`).expect(200);
    expect(page2.body.items.map((m: { subject: string }) => m.subject)).toEqual(['Third']);
    expect(page2.body.nextCursor).toBeNull();
    const newest = fresh.body.items[0].id as string;
    expect((await h.api.get(`/api/v1/outbox?after=${newest}`).expect(200)).body.items).toEqual([]);
    expect((await h.api.get('/api/v1/outbox?after=nope').expect(400)).body.error.details[0].path).toBe('after');
  });

  it('is emptied by DELETE, which a viewer may not do', async () => {
    await h.raw.delete('/api/v1/outbox').set('Authorization', `Bearer ${h.keys.viewer}`).expect(403);
    await h.api.delete('/api/v1/outbox').expect(204);
    expect((await h.api.get('/api/v1/outbox').expect(200)).body.items).toEqual([]);
  });
});

describe('without the embedded catcher (SMTP_URL set)', () => {
  it('has no outbox: 404, which the web client takes as "hide it"', async () => {
    const other = await startHarness();
    try {
      expect((await other.api.get('/api/v1/outbox').expect(404)).body.error.code).toBe('not_found');
      await other.api.get('/api/v1/outbox/0123456789abcdef01234567').expect(404);
    } finally {
      await other.close();
    }
  });
});
