/**
 * One database server for the whole run, through the same chain as `npm start` (MONGODB_URI,
 * else mongodb-memory-server, else the compatible server); each test file uses its own database.
 */
import type { TestProject } from 'vitest/node';
import { startDatabase, type DbServer } from '../../server/db/connect.js';
import { createLogger } from '../../server/log.js';

let server: DbServer | undefined;

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    mongoKind: string;
  }
}

export async function setup(project: TestProject): Promise<void> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  server = await startDatabase(process.env.MONGODB_URI, log);
  process.stdout.write(`[tests] database: ${server.description}\n`);
  project.provide('mongoUri', server.uri);
  project.provide('mongoKind', server.kind);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
