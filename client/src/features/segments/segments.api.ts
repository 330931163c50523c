/** Segments: the list, one segment, its members and history, the live preview, the rule catalog, writes. */
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request, type CustomerView, type HistoryDay, type Page, type PreviewResult, type RuleCatalog, type RuleNode, type SegmentView } from '../../api';

export const segmentKeys = {
  all: ['segments'] as const,
  list: () => ['segments', 'list'] as const,
  one: (id: string) => ['segments', 'one', id] as const,
  members: (id: string, cursor: string | undefined) => ['segments', 'members', id, cursor] as const,
  history: (id: string, days: number) => ['segments', 'history', id, days] as const,
  preview: (rulesJson: string) => ['segments', 'preview', rulesJson] as const,
  catalog: ['segment-catalog'] as const,
};

/** While a segment builds, its page asks again every few seconds until it is ready. */
const BUILDING_POLL_MS = 2_000;
const DAY_MS = 86_400_000;

/** Every segment (a shop has tens, not thousands: one page of the API's maximum). */
export function useSegments() {
  return useQuery({
    queryKey: segmentKeys.list(),
    queryFn: ({ signal }) => api.get<Page<SegmentView>>('/segments', { limit: 500 }, signal),
    refetchInterval: (q) => (q.state.data?.items.some((s) => s.status === 'building') ? BUILDING_POLL_MS : false),
  });
}

export function useSegment(id: string) {
  return useQuery({
    queryKey: segmentKeys.one(id),
    queryFn: ({ signal }) => api.get<SegmentView>(`/segments/${id}`, undefined, signal),
    refetchInterval: (q) => (q.state.data?.status === 'building' ? BUILDING_POLL_MS : false),
  });
}

export function useSegmentMembers(id: string, cursor: string | undefined, limit: number) {
  return useQuery({
    queryKey: segmentKeys.members(id, cursor),
    queryFn: ({ signal }) => api.get<Page<CustomerView>>(`/segments/${id}/members`, { limit, cursor }, signal),
    placeholderData: keepPreviousData,
  });
}

/** `days` UTC days ending today (server time). */
function historyQuery(id: string, days: number, now: Date) {
  return {
    queryKey: segmentKeys.history(id, days),
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      api.get<Page<HistoryDay>>(`/segments/${id}/history`, { from: new Date(now.getTime() - (days - 1) * DAY_MS).toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) }, signal).then((p) => p.items),
  };
}

export function useSegmentHistory(id: string, days: number, now: Date) {
  return useQuery({ ...historyQuery(id, days, now), placeholderData: keepPreviousData });
}

/** The history of each segment of a list (its growth column). */
export function useSegmentHistories(ids: string[], days: number, now: Date) {
  return useQueries({ queries: ids.map((id) => historyQuery(id, days, now)) });
}

/** What the rule language offers (fields, ops, events, limits): it changes only with the server. */
export function useRuleCatalog() {
  return useQuery({ queryKey: segmentKeys.catalog, queryFn: ({ signal }) => api.get<RuleCatalog>('/segments/fields', undefined, signal), staleTime: Infinity });
}

/**
 * How many customers the rules select now and a sample: a read, so a query keyed by the rules
 * (the caller debounces them); the previous answer stays on screen while the next one loads.
 */
export function usePreview(rulesJson: string | null) {
  return useQuery({
    queryKey: segmentKeys.preview(rulesJson ?? ''),
    // POST through the one wrapper (CSRF header, error envelope); the signal cancels a stale preview.
    queryFn: ({ signal }) => request<PreviewResult<CustomerView>>('POST', '/segments/preview', { json: { rules: JSON.parse(rulesJson!) as RuleNode }, signal }),
    enabled: rulesJson !== null,
    placeholderData: keepPreviousData,
    staleTime: 0,
    retry: false,
  });
}

export interface SegmentInput {
  name: string;
  description: string;
  rules: RuleNode;
}

export function useCreateSegment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SegmentInput) => api.post<SegmentView>('/segments', input),
    onSuccess: (segment) => {
      client.setQueryData(segmentKeys.one(segment.id), segment);
      return client.invalidateQueries({ queryKey: segmentKeys.list() });
    },
  });
}

export function useUpdateSegment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<SegmentInput>) => api.patch<SegmentView>(`/segments/${id}`, patch),
    onSuccess: (segment) => {
      client.setQueryData(segmentKeys.one(id), segment);
      return client.invalidateQueries({ queryKey: segmentKeys.all });
    },
  });
}

export function useDeleteSegment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/segments/${id}`),
    onSuccess: (_void, id) => {
      client.removeQueries({ queryKey: segmentKeys.one(id) });
      // Profiles lose the segment; reports lose its row.
      return Promise.all([client.invalidateQueries({ queryKey: segmentKeys.all }), client.invalidateQueries({ queryKey: ['customers'] }), client.invalidateQueries({ queryKey: ['reports'] })]);
    },
  });
}
