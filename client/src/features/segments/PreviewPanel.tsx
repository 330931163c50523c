/** Who the rules select right now (`POST /segments/preview`): the count and a sample, kept current as the rules change. */
import { Anchor, Box, Card, Group, Loader, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { ApiError, type CustomerView, type PreviewResult } from '../../api';
import { LifecycleBadge } from '../../ui/badges';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatNumber, fullName } from '../../ui/format';
import { SectionTitle } from '../../ui/Page';

interface Props {
  data: PreviewResult<CustomerView> | undefined;
  error: unknown;
  /** A newer answer is on its way (the rules changed). */
  updating: boolean;
}

export function PreviewPanel({ data, error, updating }: Props) {
  const invalid = error instanceof ApiError && error.code === 'validation_failed';
  return (
    <Card aria-labelledby="preview-title" component="section">
      <SectionTitle aside={updating ? <Loader size="xs" aria-label="Updating the preview" /> : undefined}>
        <span id="preview-title">Who matches now</span>
      </SectionTitle>
      {invalid ? (
        <Text size="sm" c="dimmed" role="status">
          The preview waits for valid rules: fix what is marked in red.
        </Text>
      ) : error ? (
        <ErrorAlert error={error} />
      ) : !data ? (
        <Group justify="center" p="md">
          <Loader size="sm" aria-label="Counting the matching customers" />
        </Group>
      ) : (
        <Stack gap="md">
          <div role="status" aria-live="polite">
            <Text fz={32} fw={650} lh={1.1} className="tabular" data-testid="preview-count">
              {formatNumber(data.count)}
            </Text>
            <Text size="sm" c="dimmed">
              {data.count === 1 ? 'customer matches' : 'customers match'} these rules right now
            </Text>
          </div>
          {data.sample.length > 0 ? (
            <div>
              <Text size="xs" fw={600} c="dimmed" mb={6}>
                {data.count > data.sample.length ? `The newest ${data.sample.length}` : 'All of them'}
              </Text>
              <Stack gap={8} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Matching customers">
                {data.sample.map((c) => (
                  <Group key={c.id} component="li" justify="space-between" wrap="nowrap" gap="xs">
                    <Stack gap={0} miw={0}>
                      <Anchor component={Link} to={`/customers/${c.id}`} size="sm" fw={500} truncate c="var(--mantine-color-text)">
                        {fullName(c) || c.email || c.id}
                      </Anchor>
                      {fullName(c) && (
                        <Text size="xs" c="dimmed" truncate>
                          {c.email}
                        </Text>
                      )}
                    </Stack>
                    <Box style={{ flex: 'none' }}>
                      <LifecycleBadge value={c.lifecycle} />
                    </Box>
                  </Group>
                ))}
              </Stack>
            </div>
          ) : (
            <Text size="sm" c="dimmed">
              No customer matches yet. Loosen a condition, or wait for the data: membership follows it as it arrives.
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}
