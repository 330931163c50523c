/** Builds the web client when stale (as `npm start` would), starts one server, shares its address. */
import type { TestProject } from 'vitest/node';
import { ensureClientBuild } from '../../../server/web/client-build.js';
import { startServer, type RunningServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: { baseUrl: string; apiKey: string; admin: { email: string; password: string }; smtpPort: number; mongoUri: string };
  }
}

let server: RunningServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  await ensureClientBuild((line) => process.stdout.write(`${line}\n`));
  server = await startServer();
  project.provide('e2e', { baseUrl: server.baseUrl, apiKey: server.apiKey, admin: server.admin, smtpPort: server.smtpPort, mongoUri: server.mongoUri });
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
