/** The logged-in user in the header: who and which role, and the way out. */
import { Avatar, Badge, Group, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import { useNavigate } from 'react-router';
import { IconLogout } from '../ui/icons';
import { initials } from '../ui/format';
import { useLogout, useSession } from './session';

export function UserMenu() {
  const { me } = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  if (!me) return null;
  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={`Account: ${me.name} (${me.role})`} style={{ borderRadius: 'var(--mantine-radius-xl)' }}>
          <Group gap={8} wrap="nowrap">
            <Avatar size={34} radius="xl" color="brand">
              {initials(me.name)}
            </Avatar>
            <Stack gap={0} visibleFrom="lg">
              <Text size="sm" fw={500} lh={1.2}>
                {me.name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {me.role}
              </Text>
            </Stack>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" c="var(--mantine-color-text)" fw={500} truncate>
            {me.name}
          </Text>
          <Badge mt={4} size="sm" color="gray">
            {me.role}
          </Badge>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}>
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
