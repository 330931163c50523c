/** The embedded SMTP catcher's outbox: captured emails, newest first. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type OutboxMessageView, type Page } from '../../api';

export const outboxKeys = {
  all: ['outbox'] as const,
  list: (to: string) => ['outbox', 'list', to] as const,
  one: (id: string) => ['outbox', 'one', id] as const,
};

const PAGE_SIZE = 30;

export function useOutbox(to: string) {
  return useInfiniteQuery({
    queryKey: outboxKeys.list(to),
    queryFn: ({ pageParam, signal }) => api.get<Page<OutboxMessageView>>('/outbox', { limit: PAGE_SIZE, cursor: pageParam, to: to || undefined }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Mail arrives on its own (cadence steps, test sends): fresh on every visit, and kept current.
    staleTime: 0,
    refetchInterval: 10_000,
  });
}

export function useOutboxMessage(id: string | undefined) {
  const client = useQueryClient();
  return useQuery({
    queryKey: outboxKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<OutboxMessageView>(`/outbox/${id}`, undefined, signal),
    enabled: !!id,
    // The list already holds the whole message: show it at once.
    initialData: () =>
      client
        .getQueriesData<{ pages: Page<OutboxMessageView>[] }>({ queryKey: ['outbox', 'list'] })
        .flatMap(([, data]) => data?.pages.flatMap((p) => p.items) ?? [])
        .find((m) => m.id === id),
    staleTime: Infinity,
  });
}

export function useClearOutbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete('/outbox'),
    onSuccess: () => client.invalidateQueries({ queryKey: outboxKeys.all }),
  });
}
