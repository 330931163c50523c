/**
 * `npm start` builds the web client when client/dist is missing or older than its sources, so a
 * fresh clone needs nothing but `npm install && npm start`. Staleness is a hash of the client's
 * sources (and the lockfile), kept in client/dist/.build-stamp; Vite is loaded only to build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const clientRoot = fileURLToPath(new URL('../../client/', import.meta.url));
const STAMP = '.build-stamp';
const SKIP = new Set(['dist', 'node_modules']);

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Notes (README.md) are not built: editing them needs no rebuild.
    if (SKIP.has(entry.name) || entry.name.startsWith('.') || entry.name.endsWith('.md')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** A hash of everything the build reads: the client's files and the installed dependency versions. */
export function clientSourceHash(root = clientRoot, lockfile = join(root, '..', 'package-lock.json')): string {
  const hash = createHash('sha256');
  const files = filesUnder(root).sort();
  if (existsSync(lockfile)) files.push(lockfile);
  for (const file of files) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** True when client/dist is missing, incomplete, or was built from other sources. */
export function clientBuildIsStale(root = clientRoot, hash = clientSourceHash(root)): boolean {
  const dist = join(root, 'dist');
  if (!existsSync(join(dist, 'index.html')) || !existsSync(join(dist, STAMP))) return true;
  return readFileSync(join(dist, STAMP), 'utf8').trim() !== hash;
}

/** Builds client/dist when stale (saying so in one line); returns the directory to serve. */
export async function ensureClientBuild(say: (line: string) => void, root = clientRoot): Promise<string> {
  const dist = join(root, 'dist');
  const hash = clientSourceHash(root);
  if (!clientBuildIsStale(root, hash)) return dist;
  const why = existsSync(join(dist, 'index.html')) ? 'client/ changed since the last build' : 'first start';
  say(`Building the web client (${why}) ...`);
  const { build } = await import('vite');
  // Vite lets NODE_ENV override the mode: under a test runner (NODE_ENV=test) it would otherwise
  // bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(root, 'vite.config.ts'), root, mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(join(dist, STAMP), `${hash}\n`);
  return dist;
}
