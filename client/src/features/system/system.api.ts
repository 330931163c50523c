/** The clock (manual mode shows in the header), health, and what this server offers (the outbox). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, type ClockView, type HealthView, type Page, type OutboxMessageView } from '../../api';

export const clockKey = ['clock'] as const;

export function useClock() {
  return useQuery({ queryKey: clockKey, queryFn: () => api.get<ClockView>('/clock'), staleTime: 30_000 });
}

/**
 * "Now" as the server sees it: in manual mode the simulated time, so "3 days ago" is measured
 * from the same clock that ages carts and orders; in real mode, this browser's time.
 */
export function useServerNow(): Date {
  const { data } = useClock();
  return data?.mode === 'manual' ? new Date(data.now) : new Date();
}

export function useAdvanceClock() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (by: string) => api.post<ClockView>('/clock/advance', { by }),
    onSuccess: async (view) => {
      client.setQueryData<ClockView>(clockKey, (old) => ({ mode: old?.mode ?? 'manual', now: view.now }));
      // Everything may have moved: RFM, lifecycles, segments, sends.
      await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' && q.queryKey[0] !== clockKey[0] });
    },
  });
}

export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: async (): Promise<HealthView> => {
      const res = await fetch('/health', { headers: { Accept: 'application/json' } });
      return (await res.json()) as HealthView;
    },
    refetchInterval: 30_000,
  });
}

/** The outbox exists only with the embedded SMTP catcher: `GET /outbox` answers 404 otherwise. */
export function useOutboxAvailable(): boolean | undefined {
  const q = useQuery({
    queryKey: ['capabilities', 'outbox'],
    queryFn: async () => {
      try {
        await api.get<Page<OutboxMessageView>>('/outbox', { limit: 1 });
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return false;
        throw err;
      }
    },
    staleTime: Infinity,
  });
  return q.data;
}
