/** The starter library (`GET|POST /starters`): ready-made templates, segments and cadences in one call. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type InstallResult } from '../../api';

/** Installs the starters as drafts (the cadences wait for a marketer to review and activate them). */
export function useInstallStarters() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<InstallResult>('/starters', { activate: false }),
    // New templates, segments and cadences: everything but the session may have changed.
    onSuccess: () => client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' }),
  });
}
