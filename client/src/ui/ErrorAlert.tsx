/** A failed request shown to the user: the server's message, and the details no form field shows. */
import { Alert, Button, List } from '@mantine/core';
import { ApiError } from '../api';
import { IconAlert } from './icons';

interface Props {
  error: unknown;
  title?: string;
  /** Fields the form shows next to their inputs; their details are not repeated here. */
  shownFields?: string[];
  onRetry?: () => void;
}

export function ErrorAlert({ error, title, shownFields = [], onRetry }: Props) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const message = apiError?.message ?? (error instanceof Error ? error.message : 'Something went wrong');
  const details = apiError?.otherDetails(shownFields) ?? [];
  // Every detail sits next to its field already: nothing to add.
  if (apiError && apiError.details.length > 0 && details.length === 0) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlert />} title={title ?? 'That did not work'} role="alert">
      {message}
      {details.length > 0 && (
        <List size="sm" mt={6}>
          {details.map((d, i) => (
            <List.Item key={i}>
              {d.line !== undefined ? `Line ${d.line}: ` : d.field || d.path ? `${d.field ?? d.path}: ` : ''}
              {d.message}
            </List.Item>
          ))}
        </List>
      )}
      {onRetry && (
        <Button variant="white" color="red" size="xs" mt="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  );
}
