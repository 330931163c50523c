/**
 * The editor's state: the name and sources being edited, what is saved, what changed, and the
 * issues the server found (from the live preview while typing, or from the last save), by field.
 */
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useMemo, useState } from 'react';
import { ApiError, type ErrorDetail, type TemplateView } from '../../api';
import type { TemplateSources } from './templates.api';

export interface Draft extends TemplateSources {
  name: string;
}

/** A new template starts from the shared layout (head, header, footer with the unsubscribe link). */
export const NEW_TEMPLATE: Draft = {
  name: '',
  subject: 'A note for you{{#if customer.firstName}}, {{customer.firstName}}{{/if}}',
  preheader: '',
  text: null,
  mjml: `<mjml lang="en">
  <mj-head>
    {{> layout-head}}
  </mj-head>
  <mj-body background-color="#f3f4f6" width="600px">
    {{> layout-header}}
    <mj-section padding="36px 0px 24px">
      <mj-column>
        <mj-text mj-class="heading" css-class="heading">Hello {{default customer.firstName "there"}}</mj-text>
        <mj-text>Write your message here.</mj-text>
        <mj-button href="{{company.url}}">Visit the shop</mj-button>
      </mj-column>
    </mj-section>
    {{> layout-footer}}
  </mj-body>
</mjml>
`,
};

const fromView = (t: TemplateView): Draft => ({ name: t.name, subject: t.subject, preheader: t.preheader, mjml: t.mjml, text: t.text });

export type IssueField = 'name' | 'subject' | 'preheader' | 'mjml' | 'text';
const FIELDS: IssueField[] = ['name', 'subject', 'preheader', 'mjml', 'text'];

export interface Issue extends ErrorDetail {
  field: IssueField | 'other';
}

const issuesOf = (err: unknown): Issue[] =>
  err instanceof ApiError && err.status === 400
    ? err.details.map((d) => {
        const f = (d.field ?? d.path ?? '') as IssueField;
        return { ...d, field: FIELDS.includes(f) ? f : 'other' };
      })
    : [];

export function useTemplateDraft(saved: TemplateView | undefined) {
  // Edits over what is saved (or over the new-template skeleton); cleared when a save lands.
  const [edits, setEdits] = useState<{ base: string; draft: Draft } | null>(null);
  const baseKey = saved ? `${saved.id}:${saved.version}:${saved.name}` : 'new';
  const base = useMemo(() => (saved ? fromView(saved) : NEW_TEMPLATE), [saved]);
  const draft = edits && edits.base === baseKey ? edits.draft : base;

  const update = useCallback((patch: Partial<Draft>) => setEdits((e) => ({ base: baseKey, draft: { ...(e && e.base === baseKey ? e.draft : base), ...patch } })), [baseKey, base]);
  const reset = useCallback((to?: Draft) => setEdits(to ? { base: baseKey, draft: to } : null), [baseKey]);

  const contentChanged = draft.subject !== base.subject || draft.preheader !== base.preheader || draft.mjml !== base.mjml || draft.text !== base.text;
  const nameChanged = draft.name !== base.name;
  const sources: TemplateSources = useMemo(() => ({ subject: draft.subject, preheader: draft.preheader, mjml: draft.mjml, text: draft.text }), [draft.subject, draft.preheader, draft.mjml, draft.text]);
  // The live preview follows the typing once it pauses.
  const [settled] = useDebouncedValue(sources, 500);

  return { draft, update, reset, isNew: !saved, contentChanged, nameChanged, dirty: !saved || contentChanged || nameChanged, sources, settled };
}

/** Issues by field, from the request that answered for the current text (a save, else the live preview). */
export function useIssues(saveError: unknown, previewError: unknown) {
  return useMemo(() => {
    const all = issuesOf(saveError).length ? issuesOf(saveError) : issuesOf(previewError);
    const of = (field: Issue['field']) => all.filter((i) => i.field === field);
    return { all, of };
  }, [saveError, previewError]);
}
