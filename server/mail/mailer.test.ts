import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log.js';
import { startSmtpSink } from '../../test/helpers/smtp-sink.js';
import { Mailer } from './mailer.js';

const log = createLogger('silent');
const email = (i = 0) => ({ to: `c${i}@example.com`, subject: `Hello ${i}`, html: `<p>Hi ${i}</p>`, text: `Hi ${i}`, headers: { 'X-Test': String(i) } });

interface TestServer {
  url: string;
  attempts: string[];
  accepted: string[];
  maxConcurrent: number;
  close(): Promise<void>;
}

/** A real SMTP server whose answer to each DATA is decided by `answer` (attempt number per subject). */
async function smtpServer(answer: (subject: string, attempt: number) => { code: number; text: string } | null, opts: { delayMs?: number; rcpt?: SMTPServerOptions['onRcptTo'] } = {}): Promise<TestServer> {
  const attempts: string[] = [];
  const accepted: string[] = [];
  const state = { active: 0, max: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    ...(opts.rcpt ? { onRcptTo: opts.rcpt } : {}),
    onData(stream, _session, cb) {
      state.active++;
      state.max = Math.max(state.max, state.active);
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        const subject = /^Subject: (.*)$/im.exec(raw)?.[1]?.trim() ?? '';
        attempts.push(subject);
        const n = attempts.filter((s) => s === subject).length;
        const verdict = answer(subject, n);
        setTimeout(() => {
          state.active--;
          if (verdict) cb(Object.assign(new Error(verdict.text), { responseCode: verdict.code }));
          else {
            accepted.push(subject);
            cb();
          }
        }, opts.delayMs ?? 0);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    attempts,
    accepted,
    get maxConcurrent() {
      return state.max;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const x of open.splice(0)) await x.close();
});
function track<T extends { close(): Promise<void> }>(x: T): T {
  open.push(x);
  return x;
}

describe('the mailer', () => {
  it('delivers through a real SMTP server and reports the Message-ID derived from the message id', async () => {
    const sink = track(await startSmtpSink());
    const mailer = new Mailer({ url: sink.url, from: '"Shop" <news@shop.example>', log });
    const res = await mailer.send({ ...email(1), messageId: '0123456789abcdef01234567' });
    await mailer.close();
    expect(res).toEqual({ status: 'sent', smtpMessageId: '<0123456789abcdef01234567@shop.example>', error: null });
    expect(sink.received).toEqual([{ to: ['c1@example.com'], subject: 'Hello 1', messageId: '<0123456789abcdef01234567@shop.example>' }]);
  });

  it('never has more sends in flight than the pool has connections, and delivers them all', async () => {
    const server = track(await smtpServer(() => null, { delayMs: 60 }));
    const mailer = new Mailer({ url: server.url, from: 'news@shop.example', log, poolSize: 3 });
    const sends = Array.from({ length: 20 }, (_, i) => mailer.send(email(i)));
    await new Promise((r) => setTimeout(r, 30));
    expect(mailer.load.inFlight).toBeLessThanOrEqual(3);
    expect(mailer.load.waiting).toBeGreaterThanOrEqual(17 - 3);
    const results = await Promise.all(sends);
    await mailer.close();
    expect(results.every((r) => r.status === 'sent')).toBe(true);
    expect(server.accepted).toHaveLength(20);
    expect(mailer.maxInFlight).toBe(3);
    expect(server.maxConcurrent).toBeLessThanOrEqual(3);
  });

  it('retries a temporary failure (451) with backoff and then delivers', async () => {
    const server = track(await smtpServer((_s, attempt) => (attempt === 1 ? { code: 451, text: 'greylisted, try later' } : null)));
    const waits: number[] = [];
    const mailer = new Mailer({ url: server.url, from: 'news@shop.example', log, backoffMs: 100, sleep: async (ms) => void waits.push(ms) });
    const res = await mailer.send(email(2));
    await mailer.close();
    expect(res.status).toBe('sent');
    expect(res.smtpMessageId).toMatch(/^<.+@shop\.example>$/);
    expect(server.attempts).toEqual(['Hello 2', 'Hello 2']);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
  });

  it('fails a permanent refusal (550) at once with the reason, without retrying', async () => {
    const server = track(await smtpServer(() => ({ code: 550, text: 'mailbox unavailable' })));
    const mailer = new Mailer({ url: server.url, from: 'news@shop.example', log, backoffMs: 1 });
    const res = await mailer.send(email(3));
    await mailer.close();
    expect(res.status).toBe('failed');
    expect(res.smtpMessageId).toBeNull();
    expect(res.error).toMatch(/550.*mailbox unavailable/);
    expect(server.attempts).toEqual(['Hello 3']);
  });

  it('fails a recipient refused at RCPT (550) without retrying', async () => {
    const server = track(await smtpServer(() => null, { rcpt: (_a, _s, cb) => cb(Object.assign(new Error('no such user'), { responseCode: 550 })) }));
    const mailer = new Mailer({ url: server.url, from: 'news@shop.example', log, backoffMs: 1 });
    const res = await mailer.send(email(4));
    await mailer.close();
    expect(res.status).toBe('failed');
    expect(res.error).toMatch(/550.*no such user/);
  });

  it('gives up on a server that cannot be reached after the configured attempts, backing off exponentially', async () => {
    const server = track(await smtpServer(() => null));
    const url = server.url;
    await server.close();
    open.pop();
    const waits: number[] = [];
    const mailer = new Mailer({ url, from: 'news@shop.example', log, attempts: 3, backoffMs: 100, sleep: async (ms) => void waits.push(ms) });
    const res = await mailer.send(email(5));
    await mailer.close();
    expect(res.status).toBe('failed');
    expect(res.error).toMatch(/^temporary failure, 3 attempts: .*ECONNREFUSED/);
    expect(waits).toHaveLength(2);
    expect(waits[1]!).toBeGreaterThan(waits[0]!);
  });

  it('lets the sends under way finish when closed, and refuses new ones', async () => {
    const server = track(await smtpServer(() => null, { delayMs: 50 }));
    const mailer = new Mailer({ url: server.url, from: 'news@shop.example', log, poolSize: 2 });
    const sends = Array.from({ length: 5 }, (_, i) => mailer.send(email(i)));
    await mailer.close();
    expect((await Promise.all(sends)).map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(server.accepted).toHaveLength(5);
    expect(await mailer.send(email(9))).toEqual({ status: 'failed', smtpMessageId: null, error: 'the mailer is closed' });
  });
});

/** A raw TCP "SMTP server" that breaks the connection at one stage, and counts what reached each stage. */
async function droppingServer(stage: 'before-greeting' | 'after-data', times = Infinity): Promise<{ url: string; connections: number; dataEnds: number; close(): Promise<void> }> {
  const { createServer } = await import('node:net');
  const state = { connections: 0, dataEnds: 0, drops: 0 };
  const server = createServer((sock) => {
    state.connections++;
    const drop = state.drops < times;
    if (stage === 'before-greeting' && drop) {
      state.drops++;
      sock.destroy();
      return;
    }
    sock.write('220 test ESMTP\r\n');
    let inData = false;
    sock.on('data', (b) => {
      const text = b.toString();
      if (inData) {
        if (!text.includes('\r\n.\r\n')) return;
        state.dataEnds++;
        inData = false;
        if (stage === 'after-data' && drop) {
          state.drops++;
          sock.destroy();
        } else sock.write('250 OK queued\r\n');
        return;
      }
      for (const line of text.split('\r\n').filter(Boolean)) {
        if (/^(EHLO|HELO)/i.test(line)) sock.write('250-test\r\n250 OK\r\n');
        else if (/^(MAIL|RCPT|RSET|NOOP)/i.test(line)) sock.write('250 OK\r\n');
        else if (/^DATA/i.test(line)) {
          inData = true;
          sock.write('354 go ahead\r\n');
        } else if (/^QUIT/i.test(line)) sock.end('221 bye\r\n');
      }
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get connections() {
      return state.connections;
    },
    get dataEnds() {
      return state.dataEnds;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('connections that break (at most once)', () => {
  const quick = { backoffMs: 1, sleep: () => Promise.resolve() };

  it('retries a server that closes before its greeting, and delivers once it answers', async () => {
    const server = await droppingServer('before-greeting', 2);
    const mailer = new Mailer({ url: server.url, from: 'shop@example.com', log, ...quick });
    expect((await mailer.send(email(1))).status).toBe('sent');
    expect(server.dataEnds).toBe(1);
    await mailer.close();
    await server.close();
  });

  it('never resends a message whose connection broke after its data was sent (it may have been accepted)', async () => {
    const server = await droppingServer('after-data');
    const mailer = new Mailer({ url: server.url, from: 'shop@example.com', log, ...quick });
    const res = await mailer.send(email(2));
    expect(res.status).toBe('unknown');
    expect(res.error).toContain('may have been delivered');
    expect(server.dataEnds).toBe(1);
    await mailer.close();
    await server.close();
  });

  it('retries a refused connection with backoff, then reports it failed', async () => {
    const server = await droppingServer('before-greeting');
    const url = server.url;
    await server.close();
    const mailer = new Mailer({ url, from: 'shop@example.com', log, attempts: 3, ...quick });
    const res = await mailer.send(email(3));
    expect(res.status).toBe('failed');
    expect(res.error).toContain('3 attempts');
    await mailer.close();
  });
});
