/**
 * The embedded SMTP catcher (used when SMTP_URL is unset): a real SMTP server on loopback that
 * accepts every message and stores it, parsed, in the `outbox` collection, so the web client and
 * `GET /api/v1/outbox` show what customers would have received, whichever process sent it.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Collection, Db, ObjectId } from '../db/driver.js';
import type { Logger } from '../log.js';

export interface OutboxDoc {
  _id?: ObjectId;
  receivedAt: Date;
  envelope: { from: string | null; to: string[] };
  messageId: string | null;
  subject: string;
  from: string;
  to: string;
  headers: Record<string, string>;
  html: string | null;
  text: string | null;
}

export interface Catcher {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
const PARSE_OPTIONS = { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true } as const;

function addressText(a: AddressObject | AddressObject[] | undefined): string {
  if (!a) return '';
  return (Array.isArray(a) ? a : [a]).map((x) => x.text).join(', ');
}

export function outboxCollection(db: Db): Collection<OutboxDoc> {
  return db.collection<OutboxDoc>('outbox');
}

export async function startCatcher(db: Db, log: Logger, port = 0): Promise<Catcher> {
  const outbox = outboxCollection(db);
  // the outbox list: find().sort({ receivedAt: -1 }); erasure: deleteMany({ 'envelope.to': email })
  await outbox.createIndex({ receivedAt: -1 });
  await outbox.createIndex({ 'envelope.to': 1 });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    banner: 'Retainly SMTP catcher',
    onAuth: (_auth, _session, cb) => cb(null, { user: 'catcher' }),
    onData: (stream, session, cb) => {
      // Only what the outbox shows (headers, html, text): no HTML version of the text part with its
      // links made clickable, no inlined images; that work was most of the parse time.
      simpleParser(stream, PARSE_OPTIONS)
        .then(async (mail) => {
          const headers: Record<string, string> = {};
          for (const line of mail.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
          await outbox.insertOne({
            receivedAt: new Date(),
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            },
            messageId: mail.messageId ?? null,
            subject: mail.subject ?? '',
            from: addressText(mail.from),
            to: addressText(mail.to),
            headers,
            html: typeof mail.html === 'string' ? mail.html : null,
            text: mail.text ?? null,
          });
          cb();
        })
        .catch((err: Error) => {
          log.warn({ err: err.message }, 'catcher could not store a message');
          cb(Object.assign(new Error('451 temporary failure storing the message'), { responseCode: 451 }));
        });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', (err) => log.warn({ err: err.message }, 'catcher error'));
  const bound = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    port: bound,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
