/**
 * The lean runtime renders exactly what Handlebars renders: the same templates and data through
 * both (Handlebars with knownHelpersOnly, prototype access off), compared character for character,
 * on a corpus of every construct the runtime handles and on thousands of generated templates.
 */
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from './template.starters.js';
import { compileTemplate } from './template.compile.js';
import { helpers } from './template.helpers.js';
import { compileFast, Unsupported, type Helper } from './template.runtime.js';

const hb = Handlebars.create();
hb.unregisterHelper('log');
hb.registerHelper(helpers);
const known = Object.fromEntries(['if', 'unless', 'each', 'with', 'lookup', ...Object.keys(helpers)].map((n) => [n, true]));
const data = { locale: 'en-GB', timezone: 'Europe/London', currency: 'EUR' };

const level = Handlebars.logger.level;
beforeAll(() => {
  // Handlebars logs each refused prototype property once; the generated templates ask for many.
  Handlebars.logger.level = 'silent' as never;
});
afterAll(() => {
  Handlebars.logger.level = level;
});

function both(source: string, context: unknown, noEscape = false): { handlebars: string; fast: string } {
  const reference = hb.compile(source, { knownHelpers: known as never, knownHelpersOnly: true, noEscape })(context, { data, allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  const fast = compileFast(source, helpers as Record<string, Helper>, noEscape)(context, data);
  return { handlebars: reference, fast };
}

const people = {
  customer: { firstName: 'Ann <&>', lastName: null, locale: 'en-GB', stats: { ordersCount: 0 }, tags: ['a', 'b'], attributes: { vip: true, zero: 0, empty: '', list: [] } },
  cart: { currency: 'GBP', total: 12.5, items: [{ name: 'A"', price: 2, quantity: 3, url: 'https://x/a?b=1&c=2' }, { name: "B'", price: 0.5 }, null, 7, 'str'] },
  map: { k1: { v: 1 }, k2: { v: 2 } },
  yes: true,
  no: false,
  nothing: null,
  n0: 0,
  text: 'plain `=` text',
};

const corpus = [
  'Hi {{customer.firstName}} {{{customer.firstName}}} {{customer.lastName}} {{customer.missing.deep}} {{nothing.x}}',
  '{{#if customer.firstName}}yes{{else}}no{{/if}}|{{#if n0}}zero{{else}}not zero{{/if}}|{{#unless no}}u{{/unless}}|{{#if customer.attributes.list}}l{{else}}empty list{{/if}}',
  '{{#if no}}a{{else if yes}}b{{else}}c{{/if}}',
  '{{#each cart.items}}[{{@index}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}}:{{name}}={{money (multiply price (default quantity 1)) @root.cart.currency}}|{{this}}|{{../cart.currency}}]{{else}}none{{/each}}',
  '{{#each map}}{{@key}}={{v}}({{@index}}){{/each}}|{{#each nothing}}x{{else}}empty{{/each}}|{{#each text}}x{{else}}not iterable{{/each}}',
  '{{#each cart.items as |item i|}}{{i}}:{{item.name}}{{#each ../customer.tags as |t|}}<{{t}}{{item.price}}{{@../index}}>{{/each}}{{/each}}',
  '{{#with customer}}{{firstName}}/{{../text}}/{{@root.yes}}{{/with}}{{#with nothing}}x{{else}}no customer{{/with}}{{#with n0}}[{{this}}]{{/with}}',
  '{{#with customer as |c|}}{{c.firstName}}{{#with c.stats}}{{ordersCount}}{{c.locale}}{{/with}}{{/with}}',
  '{{#customer}}{{firstName}}{{/customer}}|{{#cart.items}}{{name}};{{/cart.items}}|{{#yes}}T{{/yes}}|{{#no}}x{{else}}F{{/no}}|{{^nothing}}inverted{{/nothing}}|{{#customer.tags}}{{this}}{{/customer.tags}}',
  '{{lookup customer "firstName"}}|{{lookup cart.items 0}}|{{lookup customer "constructor"}}|{{lookup nothing "x"}}|{{#with (lookup cart.items 0)}}{{name}}{{/with}}',
  '{{constructor.constructor}}{{customer.constructor}}{{text.length}}{{text.toUpperCase}}{{cart.items.length}}{{@root.constructor}}{{__proto__}}',
  '{{default customer.lastName "—"}} {{#if (eq customer.locale "en-GB")}}GB{{/if}} {{#if (gt cart.total 10)}}big{{/if}} {{#if (and yes (not no))}}and{{/if}} {{plural cart.items.length "item"}}',
  '{{uppercase text}} {{truncate text 5}} {{capitalize "abc"}} {{concat "a" 1 true nothing}} {{date "2026-01-05T23:30:00Z" "yyyy-MM-dd HH:mm"}} {{number 1234.5 1}}',
  '{{#each (limit cart.items 2)}}{{name}}{{/each}} {{length customer.tags}} {{add 1 2 3}} {{subtract 5 2}} {{divide 1 0}} {{round 2.345 2}} {{urlencode "a b&c"}}',
  '  {{#if yes}}\n  standalone\n  {{/if}}\n{{~customer.firstName~}}  \n {{!-- a comment --}}{{! another }}',
  // Separated by text: with noEscape, Handlebars adds adjacent non-strings as numbers ({{yes}}{{n0}} -> "1"); this runtime writes each as text.
  '{{yes}}|{{no}}|{{n0}}|{{nothing}}|{{cart}}|{{customer.tags}}|{{{cart.items}}}',
  '{{#each cart.items}}{{#if (eq @index 1)}}{{break}}{{/if}}{{/each}}',
  '{{#each customer.tags}}{{#each ../cart.items}}{{../this}}{{@../index}}{{/each}}{{/each}}',
];

describe('the lean runtime against Handlebars', () => {
  it.each(corpus)('renders %j the same, HTML-escaped and plain', (source) => {
    for (const noEscape of [false, true]) {
      const r = both(source, people, noEscape);
      expect(r.fast).toBe(r.handlebars);
    }
  });

  it('renders every starter template (HTML, text, subject) the same with its sample data', async () => {
    const lib = await loadLibrary();
    const withInternal = { ...helpers, __link: () => 'L', __href: (v: unknown) => `H:${String(v)}`, __track: function (this: unknown, o: { fn(c: unknown): string }) { return `T:${o.fn(this)}`; }, __pixel: () => 'P' } as Record<string, Helper>;
    hb.registerHelper(withInternal as never);
    const knownAll = { ...known, __link: true, __href: true, __track: true, __pixel: true };
    for (const s of lib.starters) {
      const r = await compileTemplate({ subject: s.subject, preheader: s.preheader, mjml: s.mjml, text: null }, lib.partials);
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      for (const [source, noEscape] of [[r.artefacts.html, false], [r.artefacts.text, true], [s.subject, true]] as const) {
        const reference = hb.compile(source, { knownHelpers: knownAll as never, knownHelpersOnly: true, noEscape })(s.sample, { data, allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
        expect(compileFast(source, withInternal, noEscape)(s.sample, data)).toBe(reference);
      }
    }
  });

  it('refuses what it does not handle, so that Handlebars renders it', () => {
    expect(() => compileFast('{{#if a includeZero=true}}x{{/if}}', helpers as Record<string, Helper>)).toThrow(Unsupported);
    expect(() => compileFast('{{> partial}}', helpers as Record<string, Helper>)).toThrow(Unsupported);
    expect(() => compileFast('{{if a}}', helpers as Record<string, Helper>)).toThrow(Unsupported);
  });

  it('renders thousands of generated templates and data the same', () => {
    const key = fc.constantFrom('a', 'b', 'items', 'name', 'price', 'n', 'this', '../a', '@root.a', '@index', '@key', '@first', 'a.b', 'items.[0]', 'x.y.z');
    const leaf = fc.oneof(
      fc.constantFrom('txt', ' ', '<b>&amp;</b>', '\n', '"q"'),
      key.map((k) => `{{${k}}}`),
      key.map((k) => `{{{${k}}}}`),
      fc.tuple(fc.constantFrom('default', 'eq', 'gt', 'money', 'plural', 'concat', 'uppercase', 'length', 'multiply'), key, fc.oneof(key, fc.constantFrom('"s"', '1', '0', 'true', 'null'))).map(
        ([h, a, b]) => (h === 'uppercase' || h === 'length' ? `{{${h} ${a}}}` : `{{${h} ${a} ${b}}}`),
      ),
    );
    const tpl: fc.Arbitrary<string> = fc.letrec<{ t: string }>((tie) => ({
      t: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('t'), { maxLength: 4 }).map((xs) => xs.join('')),
        fc.tuple(fc.constantFrom('if', 'unless', 'each', 'with'), key.filter((k) => !k.startsWith('@') || k === '@root.a'), tie('t'), fc.option(tie('t'))).map(
          ([h, k, a, b]) => `{{#${h} ${k}}}${a}${b === null ? '' : `{{else}}${b}`}{{/${h}}}`,
        ),
        fc.tuple(fc.constantFrom('a', 'items', 'b'), tie('t')).map(([k, a]) => `{{#${k}}}${a}{{/${k}}}{{^${k}}}inv{{/${k}}}`),
        fc.tuple(key.filter((k) => !k.startsWith('@')), tie('t')).map(([k, a]) => `{{#each ${k} as |v i|}}{{v}}{{i}}${a}{{/each}}`),
      ),
    })).t;
    const value = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, true, false, 0, 1, 2.5, '', 'str', '<&>'),
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'items', 'name', 'price', 'n', 'x', 'y', 'z'), tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    fc.assert(
      // JSON data (what contexts are made of), and text between values (see the note in the corpus).
      fc.property(tpl.map((t) => t.replace(/\}\}\{\{/g, '}}·{{')), fc.dictionary(fc.constantFrom('a', 'b', 'items', 'name', 'price', 'n', 'x'), value, { maxKeys: 6 }).map((d) => JSON.parse(JSON.stringify(d)) as unknown), fc.boolean(), (source, context, noEscape) => {
        const r = both(source, context, noEscape);
        expect(r.fast).toBe(r.handlebars);
      }),
      { numRuns: 3_000 },
    );
  });
});
