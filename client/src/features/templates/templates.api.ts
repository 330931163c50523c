/**
 * Templates: the list, one template and its versions, saving (every content change is a new
 * version), previews (saved versions, and the unsaved sources the editor holds), test sends, starters.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type OutboxMessageView, type Page, type RenderedPreview, type TemplateSummary, type TemplateVersionView, type TemplateView, type VersionSummary } from '../../api';

export const templateKeys = {
  all: ['templates'] as const,
  list: ['templates', 'list'] as const,
  starters: ['templates', 'starters'] as const,
  one: (id: string) => ['templates', 'one', id] as const,
  versions: (id: string) => ['templates', 'versions', id] as const,
  version: (id: string, version: number) => ['templates', 'version', id, version] as const,
  preview: (id: string, version: number, source: PreviewSource) => ['templates', 'preview', id, version, source] as const,
  draft: (sources: TemplateSources, source: PreviewSource, templateId?: string) => ['templates', 'draft', sources, source, templateId ?? null] as const,
};

/** What a template version is made of: the four Handlebars sources. */
export interface TemplateSources {
  subject: string;
  preheader: string;
  mjml: string;
  /** The text part; null: derived from the HTML. */
  text: string | null;
}

/** Whose data a preview uses: a customer's, or the template's sample data (a generic sample for new ones). */
export type PreviewSource = { customerId: string } | { sample: true };

const sourceBody = (source: PreviewSource) => ('customerId' in source ? { customerId: source.customerId } : {});

export function useTemplates() {
  return useInfiniteQuery({
    queryKey: templateKeys.list,
    queryFn: ({ pageParam, signal }) => api.get<Page<TemplateSummary>>('/templates', { limit: 100, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Every template, for pickers (cadence steps): the first 500 by newest. */
export function useTemplateOptions() {
  return useQuery({
    queryKey: [...templateKeys.list, 'options'],
    queryFn: ({ signal }) => api.get<Page<TemplateSummary>>('/templates', { limit: 500 }, signal),
    select: (page) => page.items,
  });
}

export interface StarterTemplate {
  key: string;
  name: string;
  description: string;
  templateId: string | null;
}

export function useTemplateStarters() {
  return useQuery({ queryKey: templateKeys.starters, queryFn: ({ signal }) => api.get<{ items: StarterTemplate[] }>('/templates/starters', undefined, signal), select: (r) => r.items });
}

export function useInstallTemplateStarters() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ templates: Record<string, string>; created: string[] }>('/templates/starters'),
    onSuccess: () => client.invalidateQueries({ queryKey: templateKeys.all }),
  });
}

export function useTemplate(id: string | undefined) {
  return useQuery({ queryKey: templateKeys.one(id ?? ''), queryFn: ({ signal }) => api.get<TemplateView>(`/templates/${id}`, undefined, signal), enabled: !!id });
}

export function useTemplateVersions(id: string) {
  return useInfiniteQuery({
    queryKey: templateKeys.versions(id),
    queryFn: ({ pageParam, signal }) => api.get<Page<VersionSummary>>(`/templates/${id}/versions`, { limit: 20, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useTemplateVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: templateKeys.version(id, version ?? 0),
    queryFn: ({ signal }) => api.get<TemplateVersionView>(`/templates/${id}/versions/${version}`, undefined, signal),
    enabled: version !== null,
    // A version never changes.
    staleTime: Infinity,
  });
}

export interface TemplateInput extends TemplateSources {
  name: string;
}

export function useCreateTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TemplateInput) => api.post<TemplateView>('/templates', input),
    onSuccess: (view) => {
      client.setQueryData(templateKeys.one(view.id), view);
      return client.invalidateQueries({ queryKey: templateKeys.list });
    },
  });
}

/** Saves an edit: a content change makes a new version (the answer says which); a rename alone does not. */
export function useSaveTemplate(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<TemplateInput>) => api.patch<TemplateView>(`/templates/${id}`, patch),
    onSuccess: (view) => {
      client.setQueryData(templateKeys.one(id), view);
      return Promise.all([client.invalidateQueries({ queryKey: templateKeys.list }), client.invalidateQueries({ queryKey: templateKeys.versions(id) })]);
    },
  });
}

export function useDeleteTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/templates/${id}`),
    onSuccess: (_v, id) => {
      client.removeQueries({ queryKey: templateKeys.one(id) });
      return client.invalidateQueries({ queryKey: templateKeys.list });
    },
  });
}

/** A saved version rendered for a customer or with sample data (untracked, nothing stored). */
export function useVersionPreview(id: string, version: number | null, source: PreviewSource) {
  return useQuery({
    queryKey: templateKeys.preview(id, version ?? 0, source),
    queryFn: () => api.post<RenderedPreview>(`/templates/${id}/preview`, { version, ...sourceBody(source) }),
    enabled: version !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/**
 * The sources being edited, rendered before they are saved: the answer is the email, or a 400
 * listing every issue with its field and line (the editor marks them). Nothing is stored.
 */
export function useDraftPreview(sources: TemplateSources | null, source: PreviewSource, templateId?: string) {
  return useQuery({
    queryKey: templateKeys.draft(sources ?? { subject: '', preheader: '', mjml: '', text: null }, source, templateId),
    queryFn: () => api.post<Omit<RenderedPreview, 'version'>>('/templates/preview', { ...sources, ...sourceBody(source), ...(templateId && !('customerId' in source) ? { templateId } : {}) }),
    enabled: sources !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  });
}

export interface TestSendResult {
  to: string;
  version: number;
  smtpMessageId: string | null;
  /** The captured email in the outbox (embedded catcher only), when found. */
  outboxId: string | null;
}

/** Sends one untracked test of a saved version; finds it in the outbox when the server has one. */
export function useTestSend(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { to: string; version: number; source: PreviewSource }): Promise<TestSendResult> => {
      const sent = await api.post<Omit<TestSendResult, 'outboxId'>>(`/templates/${id}/test-send`, { to: input.to, version: input.version, ...sourceBody(input.source) });
      let outboxId: string | null = null;
      if (sent.smtpMessageId) {
        const found = await api.get<Page<OutboxMessageView>>('/outbox', { to: sent.to.toLowerCase(), limit: 20 }).catch(() => null);
        outboxId = found?.items.find((m) => m.messageId === sent.smtpMessageId)?.id ?? null;
      }
      return { ...sent, outboxId };
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['outbox'] }),
  });
}
