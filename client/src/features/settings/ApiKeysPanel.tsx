/** API keys: the list, creating one (its secret shown once), revoking. */
import { Alert, Badge, Button, Card, Code, CopyButton, Group, Loader, Modal, Radio, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldError, type ApiKeyView, type Role } from '../../api';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDate } from '../../ui/format';
import { IconKey, IconPlus } from '../../ui/icons';
import { SectionTitle } from '../../ui/Page';
import { roleColor, roleOptions } from './roles';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from './settings.api';

export function ApiKeysPanel() {
  const keys = useApiKeys();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const revoke = useRevokeApiKey();
  return (
    <Card>
      <SectionTitle
        aside={
          <Button size="sm" leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            Create key
          </Button>
        }
      >
        API keys
      </SectionTitle>
      <Text size="sm" c="dimmed" mb="md">
        Send a key as <code>Authorization: Bearer &lt;key&gt;</code>. Give each integration its own key with the least role it needs, so one can be revoked alone.
      </Text>
      {keys.error ? (
        <ErrorAlert error={keys.error} onRetry={() => keys.refetch()} />
      ) : !keys.data ? (
        <Loader aria-label="Loading API keys" />
      ) : keys.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No API keys. Create one for your shop to send customers and events.
        </Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th w={110} visibleFrom="sm">
                Role
              </Table.Th>
              <Table.Th visibleFrom="sm">Last used</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.data.items.map((k) => (
              <Table.Tr key={k.id}>
                <Table.Td>
                  <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                    {k.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    <code>{k.prefix}…</code> · created {formatDate(k.createdAt)}
                  </Text>
                  <Badge color={roleColor[k.role]} hiddenFrom="sm" mt={4}>
                    {k.role}
                  </Badge>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Badge color={roleColor[k.role]}>{k.role}</Badge>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Text size="sm">{k.lastUsedAt ? formatDate(k.lastUsedAt) : 'Never'}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>
                    Revoke
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <CreateKeyDialog opened={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        opened={revoking !== null}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke key"
        pending={revoke.isPending}
        error={revoke.error}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      >
        Whatever uses this key is refused from now on (within seconds). This cannot be undone; create a new key to restore access.
      </ConfirmDialog>
    </Card>
  );
}

function CreateKeyDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('marketer');
  const close = () => {
    setName('');
    setRole('marketer');
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: name.trim(), role });
  };
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={650}>{create.data ? 'Your new API key' : 'Create an API key'}</Text>}>
      {create.data ? (
        <Stack gap="md">
          <Alert color="orange" variant="light" icon={<IconKey />} title="Copy it now">
            This is the only time the key is shown. Store it in your shop's secret settings.
          </Alert>
          <Code block data-testid="new-api-key" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
            {create.data.key}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={create.data.key}>{({ copied, copy }) => <Button variant="default" onClick={copy}>{copied ? 'Copied' : 'Copy key'}</Button>}</CopyButton>
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput label="Name" description="Who uses it, e.g. “Shopify sync”" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} data-autofocus />
            <Radio.Group label="Role" value={role} onChange={(v) => setRole(v as Role)} error={fieldError(create.error, 'role')}>
              <Stack gap="xs" mt={6}>
                {roleOptions.map((o) => (
                  <Radio key={o.value} value={o.value} label={o.label} description={o.description} />
                ))}
              </Stack>
            </Radio.Group>
            <ErrorAlert error={create.error} shownFields={['name', 'role']} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
