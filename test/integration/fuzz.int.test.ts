/**
 * Fuzzing every JSON endpoint: schema-shaped bodies and hostile mutations of them. Whatever comes
 * in: no response >= 500, the process keeps answering, and a rejected request (4xx) stores nothing.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { arbitraryFor, hostileBody } from '../helpers/fuzz.js';
import { fuzzTargets } from '../helpers/fuzz-targets.js';

let h: Harness;
let total = 0;
beforeAll(async () => {
  h = await startHarness({ catcher: true });
});
afterAll(async () => {
  await h.close();
  // The issue asks for at least 5,000 cases per run.
  process.stdout.write(`[fuzz] ${total} cases run\n`);
  expect(total).toBeGreaterThanOrEqual(5_000);
});

async function snapshot(): Promise<string> {
  const names = (await h.conn.db!.listCollections().toArray()).map((c) => c.name).filter((n) => !['api_keys', 'agenda_jobs', 'cursors'].includes(n)).sort();
  const counts = await Promise.all(names.map(async (n) => `${n}:${await h.conn.db!.collection(n).countDocuments()}`));
  return counts.join(',');
}

describe('bytes that are not JSON or not UTF-8', () => {
  it('answers 400 and stores nothing', async () => {
    const before = await snapshot();
    for (const raw of [Buffer.from([0x7b, 0x22, 0x65, 0x6d, 0x61, 0x69, 0x6c, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), Buffer.from('{"email": "a@b.co",'), Buffer.from('\u0000')]) {
      total++;
      const res = await h.api.post('/api/v1/customers').set('Content-Type', 'application/json').send(raw);
      expect(res.status).toBeLessThan(500);
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
    expect(await snapshot()).toBe(before);
  });
});

describe.each(fuzzTargets())('$method $path', (target) => {
  it('never answers >= 500 and a rejected request stores nothing', async () => {
    const failures: string[] = [];
    const body = fc.oneof({ weight: 1, arbitrary: arbitraryFor(target.schema as z.ZodType) }, { weight: 2, arbitrary: hostileBody(target.schema as z.ZodType) });
    await fc.assert(
      fc.asyncProperty(body, async (input) => {
        total++;
        const path = typeof target.path === 'function' ? await target.path(h) : target.path;
        const before = await snapshot();
        const res = await h.api[target.method](path).set('Content-Type', 'application/json').send(JSON.stringify(input) ?? 'null');
        const found: string[] = [];
        if (res.status >= 500) found.push(`${res.status} for ${JSON.stringify(input).slice(0, 300)}: ${JSON.stringify(res.body).slice(0, 300)}`);
        if (res.status >= 400 && res.status < 500 && (await snapshot()) !== before) found.push(`rejected (${res.status}) but stored: ${JSON.stringify(input).slice(0, 300)}`);
        if (res.status >= 400 && typeof res.body?.error?.code !== 'string') found.push(`no error envelope: ${JSON.stringify(res.body).slice(0, 200)}`);
        failures.push(...found);
        return found.length === 0;
      }),
      { numRuns: target.runs ?? 500, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647), endOnFailure: true },
    ).catch((err: Error) => {
      throw new Error(`${err.message.split('\n')[0]}\n${failures.slice(0, 5).join('\n')}`);
    });
    expect(failures).toEqual([]);
    expect((await h.raw.get('/health')).status).toBe(200);
  }, 180_000);
});
