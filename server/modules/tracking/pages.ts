/**
 * The customer-facing pages (unsubscribe, preferences): small, accessible, localised, and working
 * without JavaScript (plain forms). Rendered from Handlebars templates compiled once; every value
 * is escaped.
 */
import Handlebars from 'handlebars';
import type { SubscriptionStatus } from '../customers/index.js';
import { pageStrings, type Lang } from './pages.strings.js';

const hb = Handlebars.create();

const layout = hb.compile(`<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{title}} · {{company}}</title>
<style>
  :root { color-scheme: light; --ink: #1f2430; --muted: #5b6272; --line: #dfe3ea; --brand: #3b5bdb; --brand-ink: #ffffff; --bg: #f5f6f8; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
  main { max-width: 34rem; margin: 12vh auto 2rem; padding: 2rem 1.75rem; background: #fff; border: 1px solid var(--line); border-radius: 12px; }
  .brand { font-weight: 600; color: var(--muted); margin: 0 0 1.25rem; font-size: .95rem; letter-spacing: .02em; }
  h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 .75rem; }
  p { margin: 0 0 1rem; }
  .status { padding: .75rem 1rem; border-radius: 8px; background: var(--bg); border: 1px solid var(--line); }
  .status strong { display: block; font-size: .85rem; color: var(--muted); font-weight: 600; }
  form { margin: 1.25rem 0 0; }
  button { font: inherit; font-weight: 600; padding: .7rem 1.25rem; border-radius: 8px; border: 1px solid var(--brand); background: var(--brand); color: var(--brand-ink); cursor: pointer; min-height: 44px; }
  button.secondary { background: #fff; color: var(--brand); }
  button:focus-visible, a:focus-visible { outline: 3px solid #f59f00; outline-offset: 2px; }
  a { color: var(--brand); }
  .foot { margin-top: 1.5rem; font-size: .9rem; color: var(--muted); }
  @media (max-width: 480px) { main { margin: 0; min-height: 100vh; border: 0; border-radius: 0; } button { width: 100%; } }
</style>
</head>
<body>
<main>
<p class="brand">{{company}}</p>
{{{body}}}
</main>
</body>
</html>`);

const unsubscribeBody = hb.compile(`<h1>{{t.unsubscribeTitle}}</h1>
<p>{{question}}</p>
<form method="post" action="{{action}}"><button type="submit">{{t.unsubscribeButton}}</button></form>
<p class="foot"><a href="{{preferencesUrl}}">{{t.managePreferences}}</a></p>`);

const doneBody = hb.compile(`<h1>{{title}}</h1>
<p role="status">{{text}}</p>
{{#if preferencesUrl}}<p class="foot"><a href="{{preferencesUrl}}">{{t.managePreferences}}</a></p>{{/if}}`);

const preferencesBody = hb.compile(`<h1>{{t.preferencesTitle}}</h1>
{{#if notice}}<p role="status">{{notice}}</p>{{/if}}
<p class="status"><strong>{{t.statusLabel}}</strong>{{statusText}}</p>
{{#if canUnsubscribe}}<form method="post" action="{{action}}"><input type="hidden" name="action" value="unsubscribe"><button type="submit" class="secondary">{{t.unsubscribeButton}}</button></form>{{/if}}
{{#if canResubscribe}}<form method="post" action="{{action}}"><input type="hidden" name="action" value="resubscribe"><button type="submit">{{t.resubscribeButton}}</button></form>{{/if}}
{{#if suppressed}}<p class="foot">{{suppressedHelp}}</p>{{/if}}`);

const fill = (s: string, company: string): string => s.replace('{{company}}', company);

function page(lang: Lang, company: string, title: string, body: string): string {
  return layout({ lang, company, title, body });
}

export function unsubscribePage(lang: Lang, company: string, action: string, preferencesUrl: string): string {
  const t = pageStrings[lang];
  return page(lang, company, t.unsubscribeTitle, unsubscribeBody({ t, action, preferencesUrl, question: fill(t.unsubscribeQuestion, company) }));
}

export function unsubscribedPage(lang: Lang, company: string, preferencesUrl: string | null): string {
  const t = pageStrings[lang];
  return page(lang, company, t.unsubscribedTitle, doneBody({ t, title: t.unsubscribedTitle, text: fill(t.unsubscribedBody, company), preferencesUrl }));
}

export function preferencesPage(lang: Lang, company: string, action: string, status: SubscriptionStatus, notice: 'unsubscribed' | 'resubscribed' | null): string {
  const t = pageStrings[lang];
  const noticeText = notice === 'unsubscribed' ? fill(t.unsubscribedBody, company) : notice === 'resubscribed' ? fill(t.resubscribedBody, company) : null;
  return page(
    lang,
    company,
    t.preferencesTitle,
    preferencesBody({
      t,
      action,
      notice: noticeText,
      statusText: t[`status_${status}`],
      canUnsubscribe: status === 'subscribed',
      canResubscribe: status === 'unsubscribed',
      suppressed: status === 'bounced' || status === 'complained',
      suppressedHelp: fill(t.suppressedHelp, company),
    }),
  );
}

export function unknownLinkPage(lang: Lang, company: string): string {
  const t = pageStrings[lang];
  return page(lang, company, t.unknownTitle, doneBody({ t, title: t.unknownTitle, text: t.unknownBody, preferencesUrl: null }));
}
