/**
 * The benchmarks' SMTP server, in its own process: accepts everything, remembers each recipient,
 * and answers GET /stats with how many messages arrived and how many recipients got more than one
 * (duplicates). POST /reset forgets everything.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let received = 0;
const seen = new Map<string, number>();

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, session, cb) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received++;
      for (const r of session.envelope.rcptTo) seen.set(r.address.toLowerCase(), (seen.get(r.address.toLowerCase()) ?? 0) + 1);
      cb();
    });
  },
});

// A client that goes away mid-session (a stopped bench process) is not a reason to stop counting.
smtp.on('error', () => undefined);

const http = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reset') {
    received = 0;
    seen.clear();
    res.end('{}');
    return;
  }
  const duplicates = [...seen.values()].reduce((n, c) => n + (c > 1 ? c - 1 : 0), 0);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ received, recipients: seen.size, duplicates }));
});

smtp.listen(0, '127.0.0.1', () => {
  http.listen(0, '127.0.0.1', () => {
    process.stdout.write(`READY ${(smtp.server.address() as AddressInfo).port} ${(http.address() as AddressInfo).port}\n`);
  });
});
process.on('SIGTERM', () => process.exit(0));
