/** The one pino root logger; everything else takes a child of it. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'retainly' },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'email', '*.email'], censor: '[redacted]' },
  });
}
