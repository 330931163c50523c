/**
 * Fuzzing inputs: fast-check arbitraries derived from a zod schema (through its JSON Schema), and
 * hostile mutations of them: `$` keys, prototype keys, huge numbers, deep nesting, lone surrogates,
 * 1 MB strings, wrong types.
 */
import fc from 'fast-check';
import { z } from 'zod';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
};

const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

function fromJsonSchema(s: JsonSchema, defs: Record<string, JsonSchema>, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return anyJson;
  if (s.$ref) {
    const name = s.$ref.split('/').pop()!;
    const target = defs[name];
    return target ? fromJsonSchema(target, defs, depth + 1) : anyJson;
  }
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => fromJsonSchema(a, defs, depth + 1)));
  if (s.allOf?.length) return fromJsonSchema(s.allOf[0]!, defs, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'email') return fc.emailAddress();
      if (s.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (s.pattern) {
        try {
          return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= (s.maxLength ?? 200));
        } catch {
          return fc.string({ maxLength: 40 });
        }
      }
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 80) });
    case 'integer':
      return fc.integer({ min: Math.max(s.minimum ?? -1e6, -1e9), max: Math.min(s.maximum ?? 1e6, 1e9) });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(s.items ? fromJsonSchema(s.items, defs, depth + 1) : anyJson, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const entries = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromJsonSchema(v, defs, depth + 1)]));
      const requiredKeys = Object.keys(props).filter((k) => required.has(k));
      return fc.record(entries, { requiredKeys });
    }
    default:
      return anyJson;
  }
}

/** Valid-looking inputs for a zod schema (some will still be invalid: refinements are not in JSON Schema). */
export function arbitraryFor(schema: z.ZodType): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
  return fromJsonSchema(json, json.$defs ?? {}, 0);
}

const deep = (n: number): unknown => (n === 0 ? 'bottom' : { nested: deep(n - 1) });

/** Values that have broken parsers, query builders and renderers before. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant({ $gt: '' }),
  fc.constant({ $where: 'sleep(1000)' }),
  fc.constant({ __proto__: { polluted: true } }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}')),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
  fc.constant(1e308 * 10),
  fc.constant(Number.MAX_SAFE_INTEGER + 2),
  fc.constant(-0),
  fc.constant('\ud800'),
  fc.constant('\u0000'),
  fc.constant('x'.repeat(1024 * 1024)),
  fc.constant(deep(200)),
  fc.constant([[[[[[[[[[[]]]]]]]]]]]),
  fc.constant(null),
  fc.constant(true),
  fc.constant(12345),
  fc.constant(''),
  fc.constant('<script>alert(1)</script>'),
  fc.constant('{{constructor.constructor "return process"}}'),
  fc.constant('../../../../etc/passwd'),
  fc.constant(['a', { $ne: 1 }]),
  fc.constant('2026-13-45T99:99:99Z'),
);

/** A schema-shaped body with one field replaced by (or one key added as) a hostile value. */
export function hostileBody(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc.tuple(arbitraryFor(schema), hostileValue, fc.constantFrom('replace', 'add$', 'addProto', 'whole'), fc.nat()).map(([body, bad, how, pick]) => {
    if (how === 'whole' || !body || typeof body !== 'object' || Array.isArray(body)) return bad;
    const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
    const keys = Object.keys(copy);
    if (how === 'replace' && keys.length) copy[keys[pick % keys.length]!] = bad;
    else if (how === 'add$') copy.$set = bad;
    else Object.defineProperty(copy, '__proto__', { value: bad, enumerable: true });
    return copy;
  });
}
