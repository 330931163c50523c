/**
 * Configuration: the environment parsed once, with one zod schema, at start-up.
 * The frozen result is passed down explicitly; nothing deeper reads process.env.
 */
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('"Retainly Demo" <news@example.com>'),
  API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  CLOCK_MODE: z.enum(['real', 'manual']).default('real'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  /** How often the worker's Agenda jobs look for due work (real clock mode). */
  WORKER_POLL_INTERVAL: z.string().regex(/^\d+[smh]$/).default('5s'),
  /** How long a worker's claim on due cadence steps lasts before another worker may take them over. */
  CLAIM_LEASE: z.string().regex(/^\d+[smh]$/).default('60s'),
  /** The sender shown in email headers and footers (templates: `company.name`). */
  COMPANY_NAME: z.string().min(1).max(200).default('Retainly Demo Shop'),
  /** The postal address every marketing email carries in its footer (CAN-SPAM): `company.address`. */
  COMPANY_ADDRESS: z.string().min(1).max(500).default('1 Example Street, Springfield, 00000, USA'),
  /** The shop's home page, where the starter templates' shop links and buttons go (`company.url`). */
  COMPANY_URL: z.url({ protocol: /^https?$/ }).default('https://example.com'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Readonly<Omit<Env, 'PUBLIC_URL'>> {
  readonly PUBLIC_URL: string;
  readonly version: string;
}

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, version = '0.1.0'): Config {
  const blank = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(blank);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return Object.freeze({ ...e, PUBLIC_URL: publicUrl, version });
}
