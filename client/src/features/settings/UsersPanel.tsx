/** Marketer accounts: the list, and adding one with a role. */
import { Badge, Button, Card, Group, Loader, Modal, PasswordInput, Radio, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError, fieldError, type Role } from '../../api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDate } from '../../ui/format';
import { IconPlus } from '../../ui/icons';
import { SectionTitle } from '../../ui/Page';
import { roleColor, roleOptions } from './roles';
import { useCreateUser, useUsers } from './settings.api';

export function UsersPanel() {
  const users = useUsers();
  const [adding, setAdding] = useState(false);
  return (
    <Card>
      <SectionTitle
        aside={
          <Button size="sm" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
            Add user
          </Button>
        }
      >
        Users
      </SectionTitle>
      {users.error ? (
        <ErrorAlert error={users.error} onRetry={() => users.refetch()} />
      ) : !users.data ? (
        <Loader aria-label="Loading users" />
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th w={110}>Role</Table.Th>
              <Table.Th visibleFrom="sm">Added</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.items.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>
                  <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                    {u.name || u.email}
                  </Text>
                  {u.name && (
                    <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {u.email}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge color={roleColor[u.role]}>{u.role}</Badge>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Text size="sm">{formatDate(u.createdAt)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <AddUserDialog opened={adding} onClose={() => setAdding(false)} />
    </Card>
  );
}

function AddUserDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('marketer');
  const close = () => {
    setEmail('');
    setName('');
    setPassword('');
    setRole('marketer');
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ email: email.trim(), name: name.trim() || undefined, password, role }, { onSuccess: close });
  };
  const conflict = create.error instanceof ApiError && create.error.code === 'conflict' ? create.error.message : undefined;
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={650}>Add a user</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={conflict ?? fieldError(create.error, 'email')} data-autofocus />
          <TextInput label="Name" description="Optional" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} />
          <PasswordInput
            label="Password"
            description="At least 10 characters. Share it with the user safely."
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError(create.error, 'password')}
            autoComplete="new-password"
          />
          <Radio.Group label="Role" value={role} onChange={(v) => setRole(v as Role)} error={fieldError(create.error, 'role')}>
            <Stack gap="xs" mt={6}>
              {roleOptions.map((o) => (
                <Radio key={o.value} value={o.value} label={o.label} description={o.description} />
              ))}
            </Stack>
          </Radio.Group>
          {!conflict && <ErrorAlert error={create.error} shownFields={['email', 'name', 'password', 'role']} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
