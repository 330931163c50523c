/** What a route shows when there is nothing to show: unknown address, no access, a crash. */
import { Button, Center, Code, EmptyState, Stack } from '@mantine/core';
import { Link, isRouteErrorResponse, useRouteError } from 'react-router';
import { IconAlert } from '../ui/icons';
import { usePageTitle } from '../ui/Page';

export function SectionUnavailable({ title, text }: { title: string; text: string }) {
  usePageTitle(title);
  return (
    <Center py={80}>
      <EmptyState maw={520} description={text} icon={<IconAlert size={28} />} withIndicatorBackground>
        <EmptyState.Title order={1}>{title}</EmptyState.Title>
        <EmptyState.Actions>
          <Button component={Link} to="/" variant="default">
            Go to the dashboard
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Center>
  );
}

export function NotFound() {
  return <SectionUnavailable title="Page not found" text="Nothing lives at this address. It may have been mistyped, or what it showed was deleted." />;
}

export function RouteError() {
  const error = useRouteError();
  usePageTitle('Something went wrong');
  const text = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : String(error);
  return (
    <Center py={80} px="md">
      <Stack align="center" maw={560}>
        <EmptyState description="The page failed to load. Reloading usually helps; if it keeps happening, the message below helps to find out why." icon={<IconAlert size={28} />} withIndicatorBackground>
          <EmptyState.Title order={1}>Something went wrong</EmptyState.Title>
        </EmptyState>
        <Code block w="100%">
          {text}
        </Code>
        <Button onClick={() => window.location.reload()}>Reload</Button>
      </Stack>
    </Center>
  );
}
