/**
 * Start-up shared by `npm start` and `npm run worker`: configuration -> database -> secret ->
 * services -> indexes -> SMTP. Returns what is running and how to stop it, in reverse order.
 */
import type { Connection } from 'mongoose';
import { ManualClock, RealClock, durationMs } from './clock.js';
import type { Config } from './config.js';
import { connectDatabase, startDatabase, type DbServer } from './db/connect.js';
import type { Logger } from './log.js';
import { startCatcher, type Catcher } from './mail/catcher.js';
import { createServices, type Services } from './services.js';
import { getSetting, resolveSecret, setSetting } from './modules/system/index.js';

export interface Runtime {
  config: Config;
  db: DbServer;
  conn: Connection;
  services: Services;
  /** The SMTP server mail goes to: SMTP_URL, or the embedded catcher. */
  smtpUrl: string;
  catcher: Catcher | null;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  role: 'api' | 'worker';
  /** Where the manual clock starts (default: now); `npm run demo` starts it weeks back. */
  clockStart?: Date;
}

/** The database an embedded server holds Retainly's data in (with MONGODB_URI, the URI's own). */
export const EMBEDDED_DB_NAME = 'retainly';

export async function startRuntime(config: Config, log: Logger, opts: RuntimeOptions): Promise<Runtime> {
  if (opts.role === 'worker' && !config.MONGODB_URI) {
    throw new Error('npm run worker needs MONGODB_URI: a worker shares the database of the API processes');
  }
  const db = await startDatabase(config.MONGODB_URI, log);
  const conn = await connectDatabase(db.uri, config.MONGODB_URI ? undefined : EMBEDDED_DB_NAME);
  const secret = await resolveSecret(conn.db!, config.SECRET);
  const clock = config.CLOCK_MODE === 'manual' ? new ManualClock(opts.clockStart) : new RealClock();

  let catcher: Catcher | null = null;
  let smtpUrl = config.SMTP_URL;
  if (!smtpUrl && opts.role === 'api') {
    catcher = await startCatcher(conn.db!, log);
    smtpUrl = catcher.url;
    await setSetting(conn.db!, 'catcherUrl', catcher.url);
  } else if (!smtpUrl) {
    smtpUrl = (await getSetting(conn.db!, 'catcherUrl')) ?? undefined;
    if (!smtpUrl) throw new Error('No SMTP_URL and no embedded catcher registered by an API process: set SMTP_URL');
  }

  const services = createServices({ conn, clock, secret, log, publicUrl: config.PUBLIC_URL, mailFrom: config.MAIL_FROM, smtpUrl, claimLeaseMs: durationMs(config.CLAIM_LEASE),
    company: { name: config.COMPANY_NAME, address: config.COMPANY_ADDRESS, url: config.COMPANY_URL },
  });
  await services.syncIndexes();

  return {
    config,
    db,
    conn,
    services,
    smtpUrl,
    catcher,
    stop: async () => {
      await services.registry.flushAll();
      await services.mailer.close();
      await catcher?.stop();
      await conn.close();
      await db.stop();
    },
  };
}
