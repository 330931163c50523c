/** Templates: every email template with its current version; the starters install from here. */
import { Anchor, Badge, Box, Button, Card, EmptyState, Group, Loader, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import type { TemplateSummary } from '../../api';
import { usePermissions } from '../../app/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime, formatRelative } from '../../ui/format';
import { IconMail, IconPlus } from '../../ui/icons';
import { Page } from '../../ui/Page';
import { useServerNow } from '../system/system.api';
import { useInstallTemplateStarters, useTemplateStarters, useTemplates } from './templates.api';
import classes from './templates.module.css';
import lists from '../../ui/lists.module.css';

export function TemplatesPage() {
  const { canWrite } = usePermissions();
  const list = useTemplates();
  const starters = useTemplateStarters();
  const install = useInstallTemplateStarters();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const empty = list.isSuccess && items.length === 0;
  const missingStarters = (starters.data ?? []).filter((s) => !s.templateId);

  const installButton = (variant: 'filled' | 'default') => (
    <Button variant={variant} loading={install.isPending} onClick={() => install.mutate()}>
      Install the starter templates
    </Button>
  );

  return (
    <Page
      title="Templates"
      description="The emails your cadences send: MJML with Handlebars for personal details. Every saved change is a new version; emails already sent keep the version they used."
      actions={
        canWrite &&
        !empty && (
          <>
            {missingStarters.length > 0 && installButton('default')}
            <Button component={Link} to="/templates/new" leftSection={<IconPlus size={16} />}>
              New template
            </Button>
          </>
        )
      }
    >
      <ErrorAlert error={install.error} />
      {list.error ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : list.isPending ? (
        <Group justify="center" p="xl">
          <Loader aria-label="Loading templates" />
        </Group>
      ) : empty ? (
        <Card py={48}>
          <EmptyState
            title="No templates yet"
            icon={<IconMail size={28} />}
            withIndicatorBackground
            description={
              canWrite
                ? `Start from the ${starters.data?.length ?? 5} starter templates (cart abandonment, reactivation, loyalty welcomes), ready to send and to adapt, or write your own in MJML.`
                : 'Templates appear here once a marketer creates them or installs the starters.'
            }
          >
            {canWrite && (
              <EmptyState.Actions>
                {installButton('filled')}
                <Button variant="default" component={Link} to="/templates/new" leftSection={<IconPlus size={16} />}>
                  Write a template
                </Button>
              </EmptyState.Actions>
            )}
          </EmptyState>
        </Card>
      ) : (
        <Card p={0}>
          <TemplateTable items={items} />
          <TemplateCards items={items} />
          {list.hasNextPage && (
            <Box p="sm">
              <Button variant="subtle" size="xs" fullWidth loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
                Show more templates
              </Button>
            </Box>
          )}
        </Card>
      )}
    </Page>
  );
}

function StarterBadge() {
  return (
    <Badge color="violet" variant="light" size="sm">
      Starter
    </Badge>
  );
}

function TemplateTable({ items }: { items: TemplateSummary[] }) {
  const navigate = useNavigate();
  const now = useServerNow();
  return (
    <Table.ScrollContainer minWidth={720} visibleFrom="md">
      <Table className={lists.table}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Template</Table.Th>
            <Table.Th>Subject</Table.Th>
            <Table.Th ta="right">Version</Table.Th>
            <Table.Th>Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((t) => (
            <Table.Tr key={t.id} className={lists.row} onClick={() => navigate(`/templates/${t.id}`)}>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Anchor component={Link} to={`/templates/${t.id}`} fw={500} c="var(--mantine-color-text)" onClick={(e) => e.stopPropagation()}>
                    {t.name}
                  </Anchor>
                  {t.starterKey && <StarterBadge />}
                </Group>
              </Table.Td>
              <Table.Td maw={360}>
                <Text size="sm" c="dimmed" lineClamp={2} className={classes.wrapAnywhere}>
                  {t.subject}
                </Text>
              </Table.Td>
              <Table.Td ta="right" className="tabular">
                v{t.version}
              </Table.Td>
              <Table.Td>
                <Text size="sm" title={formatDateTime(t.updatedAt)}>
                  {formatRelative(t.updatedAt, now)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function TemplateCards({ items }: { items: TemplateSummary[] }) {
  const now = useServerNow();
  return (
    <Stack gap={0} hiddenFrom="md" component="ul" className={lists.cards}>
      {items.map((t) => (
        <li key={t.id}>
          <UnstyledButton component={Link} to={`/templates/${t.id}`} className={lists.card}>
            <Group gap="xs" wrap="nowrap" justify="space-between">
              <Text fw={500} truncate>
                {t.name}
              </Text>
              {t.starterKey && <StarterBadge />}
            </Group>
            <Text size="xs" c="dimmed" lineClamp={2} className={classes.wrapAnywhere}>
              {t.subject}
            </Text>
            <Text size="xs" c="dimmed" mt={4} className="tabular">
              Version {t.version} · updated {formatRelative(t.updatedAt, now)}
            </Text>
          </UnstyledButton>
        </li>
      ))}
    </Stack>
  );
}
