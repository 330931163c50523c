/**
 * Emails that may have reached their recipient: the connection to the SMTP server broke while they
 * were being sent (or a worker stopped between handing one over and recording it). Retainly never
 * sends them again by itself; a person checks the SMTP provider's log and says whether each one
 * arrived: delivered counts as sent, not delivered as failed. Shown only while there are some.
 */
import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { usePermissions } from '../../app/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime, formatNumber } from '../../ui/format';
import { SectionTitle } from '../../ui/Page';
import { useResolveMessage, useReviewMessages } from './cadences.api';
import lists from '../../ui/lists.module.css';

export function ReviewQueue({ cadenceId }: { cadenceId: string }) {
  const list = useReviewMessages(cadenceId);
  const resolve = useResolveMessage();
  const { canWrite } = usePermissions();
  const items = list.data ?? [];
  if (!items.length) return null;

  return (
    <Card mt="md" data-testid="review-queue">
      <SectionTitle>Emails to check ({formatNumber(items.length)})</SectionTitle>
      <Text size="sm" c="dimmed" mb="sm">
        Sending these was cut off after they were handed to the SMTP server (the connection broke, or a worker stopped), so they may or may not have arrived. Retainly does not send them again.
        {canWrite ? " Look them up in your SMTP provider's log and mark each one." : ''}
      </Text>
      <ErrorAlert error={resolve.error} />
      <Stack gap={0} component="ul" className={lists.cards}>
        {items.map((m) => {
          const busy = resolve.isPending && resolve.variables?.id === m.id;
          return (
            <li key={m.id}>
              <Group px="md" py="sm" justify="space-between" wrap="wrap" gap="sm">
                <div>
                  <Text size="sm" fw={500}>
                    {m.to ?? 'Erased customer'}
                  </Text>
                  <Text size="xs" c="dimmed">
                    Step {m.step + 1} · handed over {formatDateTime(m.createdAt)}
                  </Text>
                </div>
                {canWrite && (
                  <Group gap="xs">
                    <Button size="xs" variant="default" loading={busy} onClick={() => resolve.mutate({ id: m.id, delivered: true })} aria-label={`${m.to ?? 'This email'} arrived: count it as sent`}>
                      Arrived
                    </Button>
                    <Button size="xs" variant="default" color="red" loading={busy} onClick={() => resolve.mutate({ id: m.id, delivered: false })} aria-label={`${m.to ?? 'This email'} did not arrive: record it as failed`}>
                      Did not arrive
                    </Button>
                  </Group>
                )}
              </Group>
            </li>
          );
        })}
      </Stack>
    </Card>
  );
}
