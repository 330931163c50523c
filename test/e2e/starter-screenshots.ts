/**
 * Screenshots of every starter template's preview (its sample data) at 375 px and 800 px in
 * headless Chromium, saved under test-results/templates/ for a human to look at.
 * Usage: npx tsx test/e2e/starter-screenshots.ts
 * Product images of the samples are answered locally (labelled placeholders): no network needed.
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { compileTemplate, CompiledTemplate, contextFromData, formatOf, loadLibrary } from '../../server/modules/templates/index.js';

const OUT = 'test-results/templates';
const WIDTHS = [375, 800];

function placeholder(url: string): string {
  const label = new URL(url).searchParams.get('text') ?? 'Image';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240"><rect width="240" height="240" fill="#d1d5db"/><text x="120" y="128" font-family="sans-serif" font-size="28" text-anchor="middle" fill="#374151">${label.replace(/[<&>]/g, '')}</text></svg>`;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const lib = await loadLibrary();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const s of lib.starters) {
      const compiled = await compileTemplate({ subject: s.subject, preheader: s.preheader, mjml: s.mjml, text: null }, lib.partials);
      if (!compiled.ok) throw new Error(`${s.key}: ${JSON.stringify(compiled.issues)}`);
      const t = new CompiledTemplate({ subject: s.subject, ...compiled.artefacts });
      const context = contextFromData(s.sample, {
        unsubscribeUrl: 'http://localhost:3000/u/preview',
        preferencesUrl: 'http://localhost:3000/p/preview',
        cadence: { name: 'Preview' },
        step: { index: 0 },
        now: new Date(),
        company: { name: 'Retainly Demo Shop', address: '1 Example Street', url: 'https://example.com' },
        recentlyViewed: [],
      });
      const out = t.render(context, formatOf(context), null);
      for (const width of WIDTHS) {
        const page = await browser.newPage({ viewport: { width, height: 800 } });
        await page.route('**/*', (route) => {
          const url = route.request().url();
          if (route.request().resourceType() === 'image') return route.fulfill({ contentType: 'image/svg+xml', body: placeholder(url) });
          return route.abort();
        });
        await page.setContent(out.html, { waitUntil: 'load' });
        const file = `${OUT}/${s.key}-${width}.png`;
        await page.screenshot({ path: file, fullPage: true });
        const overflow = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
        process.stdout.write(`${file}${overflow ? '  (WARNING: wider than the viewport)' : ''}\n`);
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
