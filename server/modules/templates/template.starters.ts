/**
 * The files under the top-level `templates/` folder: the partials every template may use
 * (`partials/*.mjml`, named by file) and the starter templates (`starters.json`, each with its MJML
 * and `.sample.json`). Read once, when first needed; rendering never touches the file system.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { lintHandlebars } from './template.source.js';

export interface Starter {
  key: string;
  name: string;
  description: string;
  subject: string;
  preheader: string;
  mjml: string;
  sample: Record<string, unknown>;
}

export interface TemplateLibrary {
  partials: ReadonlyMap<string, string>;
  starters: Starter[];
}

const manifestSchema = z.object({
  starters: z.array(
    z.object({
      key: z.string().regex(/^[a-z0-9-]+$/),
      name: z.string().min(1),
      description: z.string(),
      subject: z.string().min(1),
      preheader: z.string(),
      mjml: z.string().regex(/^[\w.-]+\.mjml$/),
      sample: z.string().regex(/^[\w.-]+\.sample\.json$/),
    }),
  ),
});

/** The `templates/` folder: found by walking up from this file (works from sources and from a build). */
export function findTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'starters.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('templates/starters.json not found above server/modules/templates');
}

export async function loadLibrary(dir = findTemplatesDir()): Promise<TemplateLibrary> {
  const partials = new Map<string, string>();
  const partialDir = join(dir, 'partials');
  for (const file of (await readdir(partialDir)).filter((f) => f.endsWith('.mjml')).sort()) {
    const source = await readFile(join(partialDir, file), 'utf8');
    const issues = lintHandlebars(source, `templates/partials/${file}`);
    if (issues.length) throw new Error(`partial ${file} is invalid: ${issues.map((i) => `line ${i.line}: ${i.message}`).join('; ')}`);
    partials.set(file.replace(/\.mjml$/, ''), source);
  }
  const manifest = manifestSchema.parse(JSON.parse(await readFile(join(dir, 'starters.json'), 'utf8')));
  const starters: Starter[] = [];
  for (const s of manifest.starters) {
    starters.push({
      key: s.key,
      name: s.name,
      description: s.description,
      subject: s.subject,
      preheader: s.preheader,
      mjml: await readFile(join(dir, s.mjml), 'utf8'),
      sample: JSON.parse(await readFile(join(dir, s.sample), 'utf8')) as Record<string, unknown>,
    });
  }
  return { partials, starters };
}
