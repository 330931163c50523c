/** The outbox: every email the embedded catcher captured, and the selected one rendered. */
import { Anchor, Box, Button, Card, EmptyState, Group, Loader, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { OutboxMessageView } from '../../api';
import { ApiError } from '../../api';
import { usePermissions } from '../../app/session';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime } from '../../ui/format';
import { IconChevronLeft, IconOutbox, IconSearch, IconTrash } from '../../ui/icons';
import { Page } from '../../ui/Page';
import { EmailPreview } from './EmailPreview';
import { useClearOutbox, useOutbox, useOutboxMessage } from './outbox.api';
import classes from './outbox.module.css';
import lists from '../../ui/lists.module.css';

export function OutboxPage() {
  const { id } = useParams();
  const { canWrite } = usePermissions();
  const [filter, setFilter] = useState('');
  const [to] = useDebouncedValue(filter.trim().toLowerCase(), 300);
  const outbox = useOutbox(to);
  const [clearing, setClearing] = useState(false);
  const clear = useClearOutbox();
  const navigate = useNavigate();
  const messages = outbox.data?.pages.flatMap((p) => p.items) ?? [];
  const empty = outbox.isSuccess && messages.length === 0 && !to;

  return (
    <Page
      title="Outbox"
      description="Emails caught by the embedded SMTP catcher: exactly what customers would receive. None of them left this server."
      actions={
        canWrite &&
        !empty && (
          <Button variant="default" leftSection={<IconTrash size={16} />} onClick={() => setClearing(true)}>
            Clear outbox
          </Button>
        )
      }
    >
      {outbox.error ? (
        <ErrorAlert error={outbox.error} onRetry={() => outbox.refetch()} />
      ) : empty ? (
        <Card py={48}>
          <EmptyState
            title="No emails captured yet"
            icon={<IconOutbox size={28} />}
            withIndicatorBackground
            description="While SMTP_URL is unset, every email Retainly sends (cadence steps, template test sends) is caught here instead of reaching an inbox. Activate a cadence whose segment has members, advance the clock if it is manual, and the emails appear here."
          />
        </Card>
      ) : (
        <Box className={classes.layout} data-selected={id ? true : undefined}>
          <Card p={0} className={classes.list}>
            <Box p="sm" className={classes.listHead}>
              <TextInput
                aria-label="Filter by recipient"
                placeholder="Filter by recipient address"
                leftSection={<IconSearch size={16} />}
                value={filter}
                onChange={(e) => setFilter(e.currentTarget.value)}
                size="sm"
              />
            </Box>
            {outbox.isPending ? (
              <Group justify="center" p="xl">
                <Loader aria-label="Loading the outbox" />
              </Group>
            ) : messages.length === 0 ? (
              <Text size="sm" c="dimmed" p="md">
                No email to {to}. The filter matches the whole address.
              </Text>
            ) : (
              <MessageList messages={messages} selected={id} />
            )}
            {outbox.hasNextPage && (
              <Box p="sm">
                <Button variant="subtle" size="xs" fullWidth loading={outbox.isFetchingNextPage} onClick={() => outbox.fetchNextPage()}>
                  Show older emails
                </Button>
              </Box>
            )}
          </Card>
          <Box className={classes.detail} miw={0}>
            {id ? <SelectedMessage id={id} /> : messages.length > 0 && <Text c="dimmed" size="sm" p="md">Select an email to see it as the customer would.</Text>}
          </Box>
        </Box>
      )}
      {canWrite && (
        <ConfirmDialog
          opened={clearing}
          title="Clear the outbox?"
          confirmLabel="Delete all captured emails"
          pending={clear.isPending}
          error={clear.error}
          onClose={() => setClearing(false)}
          onConfirm={() =>
            clear.mutate(undefined, {
              onSuccess: () => {
                setClearing(false);
                navigate('/outbox', { replace: true });
              },
            })
          }
        >
          Every captured email is deleted from the outbox. The send records of cadences are not affected.
        </ConfirmDialog>
      )}
    </Page>
  );
}

function MessageList({ messages, selected }: { messages: OutboxMessageView[]; selected?: string }) {
  return (
    <ul className={lists.cards} aria-label="Captured emails">
      {messages.map((m) => (
        <li key={m.id}>
          <UnstyledButton component={Link} to={`/outbox/${m.id}`} className={classes.item} data-active={m.id === selected || undefined} aria-current={m.id === selected ? 'true' : undefined}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" fw={500} truncate>
                {m.envelope.to.join(', ') || m.to}
              </Text>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {formatDateTime(m.receivedAt)}
              </Text>
            </Group>
            <Text size="sm" truncate c="dimmed">
              {m.subject || '(no subject)'}
            </Text>
          </UnstyledButton>
        </li>
      ))}
    </ul>
  );
}

function SelectedMessage({ id }: { id: string }) {
  const message = useOutboxMessage(id);
  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/outbox" size="sm" c="dimmed" className={classes.backLink}>
        <Group gap={4}>
          <IconChevronLeft size={16} />
          All emails
        </Group>
      </Anchor>
      {message.data ? (
        <EmailPreview message={message.data} />
      ) : message.error ? (
        message.error instanceof ApiError && message.error.status === 404 ? (
          <Card>
            <EmptyState title="This email is no longer in the outbox" description="It was cleared, or its customer was erased." />
          </Card>
        ) : (
          <ErrorAlert error={message.error} onRetry={() => message.refetch()} />
        )
      ) : (
        <Loader aria-label="Loading the email" />
      )}
    </Stack>
  );
}
