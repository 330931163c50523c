/** Parsing request input with a zod schema; a failure becomes the contract's 400 with details. */
import type { z } from 'zod';
import { validationError } from './errors.js';

export function parse<S extends z.ZodType>(schema: S, value: unknown, prefix: (string | number)[] = []): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, prefix);
  return result.data;
}
