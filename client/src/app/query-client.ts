/**
 * The one QueryClient: sensible retries (never for a 4xx), and a 401 from any request ends the
 * session, so an expired session sends the user back to the login page wherever they are.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, isUnauthenticated } from '../api';
import { endSession, sessionKey } from './session';

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (err, query) => {
        if (isUnauthenticated(err) && query.queryKey[0] !== sessionKey[0]) endSession(client, 'expired');
      },
    }),
    mutationCache: new MutationCache({
      onError: (err) => {
        if (isUnauthenticated(err)) endSession(client, 'expired');
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (failures, err) => failures < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      },
      mutations: { retry: false },
    },
  });
  return client;
}
