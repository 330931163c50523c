/**
 * A template's versions, newest first. Opening one shows it as it was saved (rendered with the
 * chosen data); a marketer can load its content into the editor, and saving that makes a new version.
 */
import { Badge, Button, Card, Group, Loader, Modal, Stack, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import type { TemplateVersionView } from '../../api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime, formatNumber, formatRelative } from '../../ui/format';
import { SectionTitle } from '../../ui/Page';
import { useServerNow } from '../system/system.api';
import { TemplatePreview, sourceOf, type PreviewData } from './TemplatePreview';
import { useTemplateVersion, useTemplateVersions, useVersionPreview } from './templates.api';
import classes from './templates.module.css';
import lists from '../../ui/lists.module.css';

interface Props {
  templateId: string;
  current: number;
  data: PreviewData;
  /** Loads a version's content into the editor (writers only). */
  onLoad?: (version: TemplateVersionView) => void;
}

export function VersionsPanel({ templateId, current, data, onLoad }: Props) {
  const versions = useTemplateVersions(templateId);
  const [open, setOpen] = useState<number | null>(null);
  const now = useServerNow();
  const items = versions.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card>
      <SectionTitle>Versions</SectionTitle>
      <Text size="sm" c="dimmed" mb="sm">
        Each save with new content is a version. Cadences send the current one; every email already sent keeps the version it used.
      </Text>
      {versions.error ? (
        <ErrorAlert error={versions.error} onRetry={() => versions.refetch()} />
      ) : versions.isPending ? (
        <Loader size="sm" aria-label="Loading versions" />
      ) : (
        <ul className={lists.cards} aria-label="Versions">
          {items.map((v) => (
            <li key={v.version}>
              <UnstyledButton className={classes.version} onClick={() => setOpen(v.version)} aria-label={`Version ${v.version}, saved ${formatDateTime(v.createdAt)}: open its preview`}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Group gap={6} wrap="nowrap" miw={0}>
                    <Text size="sm" fw={600} className="tabular" style={{ flexShrink: 0 }}>
                      v{v.version}
                    </Text>
                    {v.version === current && (
                      <Badge size="xs" color="teal" style={{ flexShrink: 0 }}>
                        Current
                      </Badge>
                    )}
                    <Text size="sm" c="dimmed" truncate>
                      {v.subject}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} title={formatDateTime(v.createdAt)}>
                    {formatRelative(v.createdAt, now)}
                  </Text>
                </Group>
              </UnstyledButton>
            </li>
          ))}
        </ul>
      )}
      {versions.hasNextPage && (
        <Button variant="subtle" size="xs" mt="xs" loading={versions.isFetchingNextPage} onClick={() => versions.fetchNextPage()}>
          Show older versions
        </Button>
      )}
      <VersionModal templateId={templateId} version={open} current={current} data={data} onClose={() => setOpen(null)} onLoad={onLoad} />
    </Card>
  );
}

function VersionModal({ templateId, version, current, data, onClose, onLoad }: Omit<Props, 'data'> & { version: number | null; data: PreviewData; onClose: () => void }) {
  const detail = useTemplateVersion(templateId, version);
  const preview = useVersionPreview(templateId, version, sourceOf(data));
  const v = detail.data;
  return (
    <Modal opened={version !== null} onClose={onClose} size={880} title={<Text fw={650}>Version {version}{version === current ? ' (current)' : ''}</Text>}>
      <Stack gap="sm">
        {v && (
          <Text size="sm" c="dimmed">
            Saved {formatDateTime(v.createdAt)} · {formatNumber(Math.round(v.htmlBytes / 1024))} KB of HTML · {v.text === null ? 'text part derived from the HTML' : 'own text part'}
            {data.mode === 'customer' && data.customer ? ` · filled in for ${data.customer.label}` : ' · filled in with the sample data'}
          </Text>
        )}
        <ErrorAlert error={detail.error ?? preview.error} />
        <TemplatePreview preview={preview.data} pending={preview.isFetching} what={`version ${version}`} />
        {onLoad && v && version !== current && (
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => {
                onLoad(v);
                onClose();
              }}
            >
              Load this version into the editor
            </Button>
          </Group>
        )}
      </Stack>
    </Modal>
  );
}
