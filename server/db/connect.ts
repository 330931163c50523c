/**
 * Where the data lives. The chain, first that works: MONGODB_URI; mongodb-memory-server (a system
 * `mongod` on PATH, else its download); the MongoDB-compatible server we ship a launcher for
 * (mongo-java-server, for machines that can reach no MongoDB download). Says which one is in use.
 */
import { execFileSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../log.js';
import { startCompatServer } from './compat-server.js';

export type DbKind = 'external' | 'mongodb-memory-server' | 'compat';

export interface DbServer {
  uri: string;
  kind: DbKind;
  description: string;
  stop(): Promise<void>;
}

function systemMongod(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v mongod'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** mongodb-memory-server's download host, unless a mirror is configured for it. */
async function downloadReachable(): Promise<boolean> {
  if (process.env.MONGOMS_DOWNLOAD_URL || process.env.MONGOMS_DOWNLOAD_MIRROR) return true;
  try {
    await withTimeout(lookup('fastdl.mongodb.org'), 3_000, 'resolving the MongoDB download host');
    return true;
  } catch {
    return false;
  }
}

async function startMemoryServer(): Promise<DbServer> {
  const { MongoMemoryServer, DryMongoBinary } = await import('mongodb-memory-server');
  const binary = systemMongod();
  const cached = binary ? undefined : await DryMongoBinary.locateBinary(await DryMongoBinary.generateOptions()).catch(() => undefined);
  // Skip a download that cannot work (no network) instead of letting it fail noisily.
  if (!binary && !cached && !(await downloadReachable())) {
    throw new Error('no system mongod, no downloaded one, and the MongoDB download host is unreachable');
  }
  // Without a system mongod this downloads one (on a machine with internet access). Offline the
  // download fails quickly; the timeout covers a network that hangs instead of refusing.
  const server = await withTimeout(
    MongoMemoryServer.create({ binary: binary ? { systemBinary: binary } : {}, instance: { ip: '127.0.0.1' } }),
    binary ? 30_000 : 120_000,
    'starting mongod through mongodb-memory-server',
  );
  return {
    uri: server.getUri(),
    kind: 'mongodb-memory-server',
    description: `embedded mongod (mongodb-memory-server${binary ? `, system binary ${binary}` : ''})`,
    stop: async () => {
      await server.stop();
    },
  };
}

export async function startDatabase(uri: string | undefined, log: Logger): Promise<DbServer> {
  if (uri) {
    return { uri, kind: 'external', description: `MONGODB_URI (${redactUri(uri)})`, stop: async () => {} };
  }
  try {
    return await startMemoryServer();
  } catch (err) {
    log.info({ reason: (err as Error).message.split('\n')[0] }, 'no mongod available; using the MongoDB-compatible server');
  }
  const compat = await startCompatServer({ log: (msg) => log.debug(msg) });
  return {
    uri: compat.uri,
    kind: 'compat',
    description: 'embedded MongoDB-compatible server (mongo-java-server, in memory)',
    stop: compat.stop,
  };
}

export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}

/** One mongoose connection per process (or per test file); models are registered on it. */
export async function connectDatabase(uri: string, dbName?: string): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS: 5_000,
    // Notice an unresponsive server within seconds (then requests get 503 instead of hanging).
    heartbeatFrequencyMS: 2_000,
    autoIndex: false,
    autoCreate: true,
    // An absent optional field must stay absent (sparse unique indexes depend on it), never null.
    ignoreUndefined: true,
    monitorCommands: process.env.RETAINLY_PROFILE_DB === '1',
  });
  if (process.env.RETAINLY_PROFILE_DB === '1') profileCommands(conn);
  await conn.asPromise();
  return conn;
}

/** Development aid (RETAINLY_PROFILE_DB=1): per command and collection, how many and how long, on exit. */
function profileCommands(conn: Connection): void {
  const started = new Map<number, { key: string; t: number }>();
  const totals = new Map<string, { n: number; ms: number }>();
  const client = conn.getClient();
  client.on('commandStarted', (e) => {
    const coll = (e.command as Record<string, unknown>)[e.commandName];
    started.set(e.requestId, { key: `${e.commandName} ${typeof coll === 'string' ? coll : ''}`, t: performance.now() });
  });
  client.on('commandSucceeded', (e) => {
    const s = started.get(e.requestId);
    if (!s) return;
    started.delete(e.requestId);
    const t = totals.get(s.key) ?? { n: 0, ms: 0 };
    t.n++;
    t.ms += performance.now() - s.t;
    totals.set(s.key, t);
  });
  process.once('exit', () => {
    const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
    for (const [k, v] of rows) process.stderr.write(`${v.ms.toFixed(0).padStart(8)} ms ${String(v.n).padStart(7)} x  ${k}\n`);
  });
}
