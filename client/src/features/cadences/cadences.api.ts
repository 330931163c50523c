/**
 * Cadences: the list, one cadence with its per-step counts, saving the design, the status changes
 * (activate, pause, resume, archive), enrollments, the starter library; and the segment list the
 * designer picks from (the segments section owns segments; this reads their names only).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type CadenceView, type EnrollmentStatus, type EnrollmentView, type MessageView, type Page } from '../../api';

export const cadenceKeys = {
  all: ['cadences'] as const,
  list: ['cadences', 'list'] as const,
  one: (id: string) => ['cadences', 'one', id] as const,
  enrollments: (id: string, status: EnrollmentStatus | null, cursor: string | undefined) => ['cadences', 'enrollments', id, status, cursor ?? null] as const,
  starters: ['starters'] as const,
  review: (id: string) => ['cadences', 'review', id] as const,
};

/** The body of POST /cadences and PATCH /cadences/:id (the API fills in the defaults). */
export type CadenceInput = Pick<CadenceView, 'name' | 'segmentId' | 'steps' | 'exitOn' | 'reentry' | 'quietHours' | 'frequencyCap'>;

export function useCadences() {
  return useQuery({
    queryKey: cadenceKeys.list,
    queryFn: ({ signal }) => api.get<Page<CadenceView>>('/cadences', { limit: 500 }, signal),
    select: (p) => p.items,
  });
}

export function useCadence(id: string | undefined) {
  return useQuery({
    queryKey: cadenceKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<CadenceView>(`/cadences/${id}`, undefined, signal),
    enabled: !!id,
    // Sends and enrollments move on their own in real clock mode.
    refetchInterval: (q) => (q.state.data?.status === 'active' ? 15_000 : false),
  });
}

export function useCreateCadence() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CadenceInput) => api.post<CadenceView>('/cadences', input),
    onSuccess: () => client.invalidateQueries({ queryKey: cadenceKeys.all }),
  });
}

export function useUpdateCadence(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<CadenceInput>) => api.patch<CadenceView>(`/cadences/${id}`, patch),
    onSuccess: () => client.invalidateQueries({ queryKey: cadenceKeys.all }),
  });
}

export type CadenceAction = 'activate' | 'pause' | 'resume' | 'archive';

export function useCadenceAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, enrollExisting }: { action: CadenceAction; enrollExisting?: boolean }) =>
      api.post<CadenceView>(`/cadences/${id}/${action}`, action === 'activate' ? { enrollExisting: enrollExisting ?? true } : {}),
    // Activation with enrollExisting enrolls through the backfill work; the answer comes back at once.
    onSuccess: () => client.invalidateQueries({ queryKey: cadenceKeys.all }),
  });
}

export function useEnrollments(id: string, status: EnrollmentStatus | null, cursor: string | undefined) {
  return useQuery({
    queryKey: cadenceKeys.enrollments(id, status, cursor),
    queryFn: ({ signal }) => api.get<Page<EnrollmentView>>(`/cadences/${id}/enrollments`, { status, cursor, limit: 25 }, signal),
    placeholderData: keepPreviousData,
  });
}

/** The cadence's emails under review: maybe delivered, never resent, waiting for a person's verdict. */
export function useReviewMessages(cadenceId: string) {
  return useQuery({
    queryKey: cadenceKeys.review(cadenceId),
    queryFn: ({ signal }) => api.get<Page<MessageView>>('/messages', { cadenceId, status: 'review', limit: 100 }, signal),
    select: (p) => p.items,
  });
}

/** Delivered (counted as sent) or not (failed); the step funnel and the reports move with it. */
export function useResolveMessage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, delivered }: { id: string; delivered: boolean }) => api.post<MessageView>(`/messages/${id}/resolve`, { delivered }),
    onSuccess: () => Promise.all(['cadences', 'reports'].map((k) => client.invalidateQueries({ queryKey: [k] }))),
  });
}

export interface StarterLibrary {
  segments: { key: string; name: string; id: string | null }[];
  cadences: { key: string; name: string; id: string | null }[];
}

export function useStarterLibrary() {
  return useQuery({ queryKey: cadenceKeys.starters, queryFn: ({ signal }) => api.get<StarterLibrary>('/starters', undefined, signal) });
}

/** Installs the starter templates, segments and cadences (cadences as drafts, to review before activating). */
export function useInstallStarters() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ created: string[]; cadences: Record<string, string> }>('/starters', { activate: false }),
    onSuccess: () => Promise.all(['cadences', 'segments', 'templates', 'starters'].map((k) => client.invalidateQueries({ queryKey: [k] }))),
  });
}

/** A segment as the designer shows it: name and size. */
export interface SegmentOption {
  id: string;
  name: string;
  memberCount: number;
  status: string;
}

export function useSegmentOptions() {
  return useQuery({
    queryKey: ['segments', 'options'],
    queryFn: ({ signal }) => api.get<Page<SegmentOption>>('/segments', { limit: 500 }, signal),
    select: (p) => p.items,
  });
}
