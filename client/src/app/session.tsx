/**
 * Who is logged in: `GET /auth/me` cached under ['session'] (null when logged out), login and
 * logout, the role-based permissions every page uses to hide write controls, and the guard that
 * sends a visitor without a session (or whose session just ended) to the login page.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Box, Center, Loader } from '@mantine/core';
import { api, isUnauthenticated, setCsrfToken, type LoginView, type MeView, type Role } from '../api';
import { ErrorAlert } from '../ui/ErrorAlert';

export const sessionKey = ['session'] as const;

async function fetchSession(): Promise<MeView | null> {
  try {
    const me = await api.get<MeView>('/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (isUnauthenticated(err)) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export function useSession(): { me: MeView | null | undefined; isPending: boolean; error: unknown } {
  const q = useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000, retry: 1 });
  return { me: q.data, isPending: q.isPending, error: q.error };
}

export interface Permissions {
  role: Role;
  /** Marketers and admins change data; viewers only read (the API refuses their writes too). */
  canWrite: boolean;
  /** Users and API keys. */
  isAdmin: boolean;
}

/** The logged-in user's permissions; only call below <RequireSession>. */
export function usePermissions(): Permissions {
  const { me } = useSession();
  const role = me?.role ?? 'viewer';
  return { role, canWrite: role !== 'viewer', isAdmin: role === 'admin' };
}

let endedWhileLoggedIn = false;

/** Forgets the session and every cached answer (the next user must not see them). */
export function endSession(client: QueryClient, reason: 'expired' | 'logout'): void {
  if (!client.getQueryData(sessionKey)) return;
  endedWhileLoggedIn = reason === 'expired';
  setCsrfToken(null);
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
  client.setQueryData(sessionKey, null);
}

/** True once after a session ended by itself (expiry, logout elsewhere): the login page says so. */
export function takeSessionEndedNotice(): boolean {
  const ended = endedWhileLoggedIn;
  endedWhileLoggedIn = false;
  return ended;
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (creds: { email: string; password: string }) => api.post<LoginView>('/auth/login', creds),
    onSuccess: ({ user, csrfToken }) => {
      setCsrfToken(csrfToken);
      client.setQueryData<MeView>(sessionKey, { kind: 'session', id: user.id, role: user.role, name: user.email, csrfToken });
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    // Even when the server cannot be reached, this browser forgets the session.
    onSettled: () => endSession(client, 'logout'),
  });
}

/** Renders its children for a logged-in user; sends everyone else to /login?next=<here>. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { me, isPending, error } = useSession();
  const client = useQueryClient();
  const location = useLocation();
  if (isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (error && me === undefined) {
    // Not "logged out" but "cannot tell": the server is down or unreachable.
    return (
      <Center mih="100vh" p="md" component="main">
        <Box maw={480} w="100%">
          <ErrorAlert error={error} title="Retainly cannot be reached" onRetry={() => client.resetQueries({ queryKey: sessionKey })} />
        </Box>
      </Center>
    );
  }
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
