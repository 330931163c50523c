/**
 * One untracked test email of the saved version, filled in with the preview's data; on a server
 * with the embedded catcher it lands in the outbox, linked from the result.
 */
import { Alert, Anchor, Button, Card, Group, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { fieldError } from '../../api';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { IconCheck, IconMail } from '../../ui/icons';
import { SectionTitle } from '../../ui/Page';
import { sourceOf, type PreviewData } from './TemplatePreview';
import { useTestSend } from './templates.api';

const looksLikeEmail = (s: string | undefined): s is string => !!s && /^[^\s@]+@[^\s@]+$/.test(s);

interface Props {
  templateId: string;
  version: number;
  data: PreviewData;
  /** The editor holds changes the saved version does not have. */
  unsaved: boolean;
}

export function TestSendPanel({ templateId, version, data, unsaved }: Props) {
  const { me } = useSession();
  const [to, setTo] = useState(looksLikeEmail(me?.name) ? me.name : '');
  const send = useTestSend(templateId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate({ to: to.trim(), version, source: sourceOf(data) });
  };
  const result = send.data;
  return (
    <Card>
      <SectionTitle>Send a test</SectionTitle>
      <Text size="sm" c="dimmed" mb="sm">
        Sends version {version} as saved, filled in with {data.mode === 'customer' && data.customer ? `${data.customer.label}’s data` : 'the sample data'}, with “[Test]” before the subject. Test emails are not tracked and count for no report.
      </Text>
      {unsaved && (
        <Alert color="yellow" variant="light" mb="sm">
          Your unsaved changes are not in the test: save first to test them.
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Group align="flex-start" gap="xs" wrap="wrap">
          <TextInput
            label="Send to"
            type="email"
            placeholder="you@example.com"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={fieldError(send.error, 'to')}
            style={{ flex: '1 1 220px' }}
          />
          <Button type="submit" mt={25} leftSection={<IconMail size={16} />} loading={send.isPending} disabled={!to.trim()}>
            Send test
          </Button>
        </Group>
      </form>
      <ErrorAlert error={send.error} shownFields={['to']} />
      {result && !send.isPending && (
        <Alert color="teal" variant="light" icon={<IconCheck />} mt="sm" data-testid="test-send-result">
          Version {result.version} was sent to {result.to}.{' '}
          {result.outboxId ? (
            <Anchor component={Link} to={`/outbox/${result.outboxId}`} size="sm">
              Open it in the outbox
            </Anchor>
          ) : (
            'It went to the SMTP server; check that inbox.'
          )}
        </Alert>
      )}
    </Card>
  );
}
