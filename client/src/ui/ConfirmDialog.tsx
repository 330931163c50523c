/** Asks before something consequential (often something that cannot be undone); shows the refusal in place if the server says no. */
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';

interface Props {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  pending?: boolean;
  error?: unknown;
  /** The confirm button's colour: red for what cannot be undone (the default), the brand for a start. */
  confirmColor?: string;
}

export function ConfirmDialog({ opened, title, children, confirmLabel, onConfirm, onClose, pending, error, confirmColor = 'red' }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>{title}</Text>}>
      <Stack gap="md">
        <Text size="sm" component="div">
          {children}
        </Text>
        <ErrorAlert error={error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button color={confirmColor} onClick={onConfirm} loading={pending}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
