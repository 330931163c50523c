import { describe, expect, it } from 'vitest';
import { compileTemplate } from './template.compile.js';
import { wrapStructuralMustaches } from './template.mjml.js';
import { CompiledTemplate } from './template.renderer.js';
import { expandPartials } from './template.source.js';

const partials = new Map([['footer', '<mj-section>\n  <mj-column><mj-text>{{company.name}}</mj-text></mj-column>\n</mj-section>']]);

describe('MJML with Handlebars around its elements', () => {
  it('wraps mustaches that stand between container tags in mj-raw, on the same lines, and nothing else', () => {
    const src = [
      '<mjml><mj-body>',
      '  {{#each cart.items}}',
      '  <mj-section css-class="{{#if x}}a{{/if}}"><mj-column>',
      '    <mj-text>{{name}} {{#if y}}!{{/if}}</mj-text>',
      '  </mj-column></mj-section>',
      '  {{/each}}',
      '  <!-- {{not this}} -->',
      '</mj-body></mjml>',
    ].join('\n');
    const out = wrapStructuralMustaches(src).split('\n');
    expect(out).toHaveLength(8);
    expect(out[1]).toBe('  <mj-raw>{{#each cart.items}}</mj-raw>');
    expect(out[2]).toBe('  <mj-section css-class="{{#if x}}a{{/if}}"><mj-column>');
    expect(out[3]).toBe('    <mj-text>{{name}} {{#if y}}!{{/if}}</mj-text>');
    expect(out[5]).toBe('  <mj-raw>{{/each}}</mj-raw>');
    expect(out[6]).toBe('  <!-- {{not this}} -->');
  });

  it('repeats a section per cart item once compiled', async () => {
    const mjml = '<mjml><mj-body>\n{{#each cart.items}}\n<mj-section><mj-column><mj-text>Item {{name}}</mj-text></mj-column></mj-section>\n{{/each}}\n</mj-body></mjml>';
    const r = await compileTemplate({ subject: 's', preheader: '', mjml, text: null }, partials);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const out = new CompiledTemplate({ subject: 's', ...r.artefacts }).render({ cart: { items: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] } }, { locale: 'en', timezone: 'UTC' }, null);
    expect(out.html.match(/Item [ABC]/g)).toEqual(['Item A', 'Item B', 'Item C']);
    expect(out.html.match(/<table align="center"/g)!.length).toBe(3);
  });

  it('maps lines of an expanded partial back to the template and the partial', () => {
    const src = '<mjml>\n<mj-body>\n  {{> footer}}\n  <mj-section></mj-section>\n</mj-body>\n</mjml>';
    const e = expandPartials(src, partials);
    const lines = e.source.split('\n');
    expect(lines[2]).toBe('  <mj-section>');
    expect(e.origin(3)).toEqual({ line: 3, partial: { name: 'footer', line: 1 } });
    expect(e.origin(4)).toEqual({ line: 3, partial: { name: 'footer', line: 2 } });
    expect(e.origin(6)).toEqual({ line: 4 });
    expect(e.origin(7)).toEqual({ line: 5 });
  });
});

describe('the text part', () => {
  it('is derived once as a template: headings keep their case, expressions survive, image-only links and the preheader are left out', async () => {
    const mjml = `<mjml><mj-body><mj-section><mj-column>
      <mj-text><h1>Hello {{customer.firstName}}</h1><p>Total: {{money cart.total "EUR"}}</p></mj-text>
      <mj-image src="https://cdn.example/x.png" href="https://shop.example/x" alt="{{name}}" />
      <mj-button href="https://shop.example/go?a=1&amp;b=2">Go now</mj-button>
    </mj-column></mj-section></mj-body></mjml>`;
    const r = await compileTemplate({ subject: 's', preheader: 'Preheader {{customer.firstName}}', mjml, text: null }, partials);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.artefacts.text).toContain('Hello {{customer.firstName}}');
    expect(r.artefacts.text).toContain('Go now [{{__link 1}}]');
    expect(r.artefacts.links).toEqual(['https://shop.example/x', 'https://shop.example/go?a=1&b=2']);
    const out = new CompiledTemplate({ subject: 's', ...r.artefacts }).render({ customer: { firstName: 'Ann' }, cart: { total: 12 } }, { locale: 'en-IE', timezone: 'UTC' }, null);
    expect(out.text).toBe('Hello Ann\n\nTotal: €12.00\n\nGo now [https://shop.example/go?a=1&b=2]');
    expect(out.html).toContain('Preheader Ann');
  });

  it('tracks the bare URLs of a given text part and leaves per-recipient ones alone', async () => {
    const r = await compileTemplate({ subject: 's', preheader: '', mjml: '<mjml><mj-body></mj-body></mjml>', text: 'See https://shop.example/sale. Yours: https://shop.example/p/{{sku}} or {{cart.checkoutUrl}}' }, partials);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.artefacts.text).toBe('See {{__link 0}}. Yours: https://shop.example/p/{{sku}} or {{cart.checkoutUrl}}');
    expect(r.artefacts.links).toEqual(['https://shop.example/sale']);
  });
});
