/** Settings (admin): marketer accounts and API keys. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiKeyView, type CreatedApiKeyView, type Page, type Role, type UserView } from '../../api';

export const settingsKeys = {
  users: ['users'] as const,
  apiKeys: ['api-keys'] as const,
};

export function useUsers() {
  return useQuery({ queryKey: settingsKeys.users, queryFn: ({ signal }) => api.get<Page<UserView>>('/users', undefined, signal) });
}

export interface NewUser {
  email: string;
  name?: string;
  password: string;
  role: Role;
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (user: NewUser) => api.post<UserView>('/users', user),
    onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.users }),
  });
}

export function useApiKeys() {
  return useQuery({ queryKey: settingsKeys.apiKeys, queryFn: ({ signal }) => api.get<Page<ApiKeyView>>('/api-keys', undefined, signal) });
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (key: { name: string; role: Role }) => api.post<CreatedApiKeyView>('/api-keys', key),
    onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api-keys/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.apiKeys }),
  });
}
