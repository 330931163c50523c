/** The frame of every page: a title (also the document title), a line of context, actions. */
import { Anchor, Box, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router';
import { IconChevronLeft } from './icons';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Retainly`;
  }, [title]);
}

interface PageProps {
  title: string;
  /** The visible heading when it differs from the document title (e.g. with badges). */
  heading?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  back?: { to: string; label: string };
  children: ReactNode;
}

export function Page({ title, heading, description, actions, back, children }: PageProps) {
  usePageTitle(title);
  return (
    <Stack gap="lg" maw={1240} mx="auto" w="100%">
      <Stack gap={6}>
        {back && (
          <Anchor component={Link} to={back.to} size="sm" c="dimmed" w="fit-content">
            <Group gap={4} wrap="nowrap">
              <IconChevronLeft size={16} />
              {back.label}
            </Group>
          </Anchor>
        )}
        <Group justify="space-between" align="flex-start" gap="md">
          <Box miw={0} style={{ flex: '1 1 320px' }}>
            {heading ?? <Title order={1}>{title}</Title>}
            {description && (
              <Text c="dimmed" size="sm" mt={4}>
                {description}
              </Text>
            )}
          </Box>
          {actions && (
            <Group gap="sm" wrap="wrap">
              {actions}
            </Group>
          )}
        </Group>
      </Stack>
      {children}
    </Stack>
  );
}

/** A titled card section of a page. */
export function SectionTitle({ children, aside }: { children: ReactNode; aside?: ReactNode }) {
  return (
    <Group justify="space-between" mb="md" gap="xs">
      <Title order={2} size="h3">
        {children}
      </Title>
      {aside}
    </Group>
  );
}
