/** Customers: search and paging, one profile, its timeline, CSV import, erasure. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { API_BASE, api, type CustomerView, type ImportResult, type Page, type TimelineItem } from '../../api';

export const customerKeys = {
  all: ['customers'] as const,
  list: (params: CustomerListParams) => ['customers', 'list', params] as const,
  one: (id: string) => ['customers', 'one', id] as const,
  timeline: (id: string, limit: number) => ['customers', 'timeline', id, limit] as const,
};

export interface CustomerListParams {
  /** Email prefix. */
  q?: string;
  segmentId?: string;
  cursor?: string;
  limit: number;
}

export function useCustomerList(params: CustomerListParams) {
  return useQuery({
    queryKey: customerKeys.list(params),
    queryFn: ({ signal }) => api.get<Page<CustomerView>>('/customers', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: string) {
  return useQuery({ queryKey: customerKeys.one(id), queryFn: ({ signal }) => api.get<CustomerView>(`/customers/${id}`, undefined, signal) });
}

export function useCustomerTimeline(id: string, limit: number) {
  return useQuery({
    queryKey: customerKeys.timeline(id, limit),
    queryFn: ({ signal }) => api.get<Page<TimelineItem>>(`/customers/${id}/timeline`, { limit }, signal),
    placeholderData: keepPreviousData,
  });
}

/** The GDPR export is a download: the browser sends the session cookie with the link. */
export const customerExportUrl = (id: string): string => `${API_BASE}/customers/${id}/export`;

export function useImportCustomers() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => api.upload<ImportResult>('/customers/import', file, 'text/csv'),
    onSuccess: () => client.invalidateQueries({ queryKey: customerKeys.all }),
  });
}

export function useEraseCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/customers/${id}`),
    onSuccess: (_void, id) => {
      client.removeQueries({ queryKey: customerKeys.one(id) });
      return client.invalidateQueries({ queryKey: customerKeys.all });
    },
  });
}
