/**
 * `npm run demo` options: environment variables or flags (`--customers=2000`, `--weeks 4`), flags
 * winning; checked with one zod schema, a bad value stopping the start with its name.
 */
import { z } from 'zod';

const optionsSchema = z.object({
  customers: z.coerce.number().int().min(10).max(200_000).default(10_000),
  weeks: z.coerce.number().int().min(1).max(52).default(8),
  seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(1),
});
export type DemoCliOptions = z.infer<typeof optionsSchema>;

const FLAGS: Record<string, keyof DemoCliOptions | 'port'> = { customers: 'customers', weeks: 'weeks', seed: 'seed', port: 'port' };

/** Options and the environment for the server (a `--port` flag becomes PORT). */
export function parseDemoOptions(argv: string[], env: NodeJS.ProcessEnv): { options: DemoCliOptions; env: NodeJS.ProcessEnv } {
  const raw: Record<string, string | undefined> = { customers: env.DEMO_CUSTOMERS, weeks: env.DEMO_WEEKS, seed: env.DEMO_SEED };
  const serverEnv = { ...env };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(argv[i]!);
    const name = m && FLAGS[m[1]!];
    if (!m || !name) throw new Error(`Unknown argument ${argv[i]}: use --customers=N --weeks=N --seed=N --port=N (or DEMO_CUSTOMERS, DEMO_WEEKS, DEMO_SEED, PORT)`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value`);
    if (name === 'port') serverEnv.PORT = value;
    else raw[name] = value;
  }
  const parsed = optionsSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    throw new Error(`Invalid demo options:\n${parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`).join('\n')}`);
  }
  return { options: parsed.data, env: serverEnv };
}
