/** zod primitives shared by every module's schemas: ids, durations, dates, list paging. */
import { z } from 'zod';
import { durationPattern } from '../clock.js';

export const objectIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-hex id');

export const durationSchema = z
  .string()
  .regex(durationPattern, 'must be an integer and a unit (s, m, h, d, w), like "90m" or "3d"');

/** An ISO 8601 timestamp with a timezone designator (or a plain date), parsed to a Date. */
export const isoDateSchema = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: 'must be an ISO 8601 date or timestamp with a timezone, like 2026-01-31T12:00:00Z',
  })
  .transform((s) => new Date(s));

/** Every list the API gives: a page of items and the cursor of the next page (null at the end). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

/** Keys that must never reach MongoDB or an object prototype from user input. */
export function hasForbiddenKey(key: string): boolean {
  return key.startsWith('$') || key.includes('\0') || key === '__proto__' || key === 'constructor' || key === 'prototype';
}

/** A free-form JSON object (event properties, customer attributes) with safe keys and bounded depth. */
export function safeObject(maxDepth: number) {
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const walk = (v: unknown, path: (string | number)[], depth: number): void => {
      if (depth > maxDepth) {
        ctx.addIssue({ code: 'custom', path, message: `nesting deeper than ${maxDepth} levels` });
        return;
      }
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], depth + 1));
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (hasForbiddenKey(k) || k.includes('.') || k.length > 128) {
            ctx.addIssue({ code: 'custom', path: [...path, k], message: 'keys may not start with $, contain dots, or be __proto__/constructor/prototype' });
          } else walk(x, [...path, k], depth + 1);
        }
      } else if (typeof v === 'number' && !Number.isFinite(v)) {
        ctx.addIssue({ code: 'custom', path, message: 'numbers must be finite' });
      }
    };
    walk(value, [], 1);
  });
}
