/** Login with a marketer account; back to where the user was going (`?next=`). */
import { Alert, Box, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { fieldError } from '../../api';
import { takeSessionEndedNotice, useLogin, useSession } from '../../app/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { usePageTitle } from '../../ui/Page';

/** Only paths inside the app: `?next=https://evil.example` must not become an open redirect. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  usePageTitle('Log in');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const { me } = useSession();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [ended] = useState(takeSessionEndedNotice);

  if (me && !login.isPending) return <Navigate to={next} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email: email.trim(), password }, { onSuccess: () => navigate(next, { replace: true }) });
  };

  return (
    <Box component="main" mih="100vh" bg="var(--app-surface)">
      <Center mih="100vh" p="md">
        <Stack w="100%" maw={400} gap="lg">
          <Stack gap={6} align="center">
            <svg width="40" height="40" viewBox="0 0 32 32" aria-hidden="true">
              <rect width="32" height="32" rx="8" fill="var(--mantine-color-brand-7)" />
              <path d="M11 23V9h6a4 4 0 0 1 0 8h-6M17 17l5 6" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <Title order={1} ta="center">
              Log in to Retainly
            </Title>
            <Text c="dimmed" size="sm" ta="center">
              Segments, cadences and reports for your shop's email.
            </Text>
          </Stack>
          <Paper withBorder shadow="xs" p="xl">
            <form onSubmit={submit} noValidate>
              <Stack gap="md">
                {ended && (
                  <Alert color="brand" variant="light" title="Your session has ended">
                    Log in again to continue where you were.
                  </Alert>
                )}
                <TextInput
                  label="Email"
                  type="email"
                  autoComplete="username"
                  required
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                  error={fieldError(login.error, 'email')}
                  data-autofocus
                />
                <PasswordInput
                  label="Password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  error={fieldError(login.error, 'password')}
                />
                <ErrorAlert error={login.error} shownFields={['email', 'password']} title="Could not log you in" />
                <Button type="submit" fullWidth loading={login.isPending}>
                  Log in
                </Button>
              </Stack>
            </form>
          </Paper>
          <Text size="xs" c="dimmed" ta="center">
            The first admin's email and password are printed on the server console at first start (or set with ADMIN_EMAIL and ADMIN_PASSWORD).
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
