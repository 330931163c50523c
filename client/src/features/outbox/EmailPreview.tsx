/**
 * One captured email as the customer would see it: the HTML in a sandboxed iframe (no scripts,
 * remote images blocked until asked, since loading them counts as an open), the text part, headers.
 */
import { Alert, Button, Card, Code, DataList, Group, ScrollArea, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { OutboxMessageView } from '../../api';
import { formatDateTime } from '../../ui/format';
import { IconEye } from '../../ui/icons';
import classes from './outbox.module.css';

/** The email's HTML with a content policy (and links opening outside the preview) put in front. */
export function previewDocument(html: string, remoteContent: boolean): string {
  const policy = remoteContent
    ? "default-src 'none'; style-src 'unsafe-inline' http: https:; img-src * data:; font-src * data:"
    : "default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:; font-src data:";
  const head = `<meta http-equiv="Content-Security-Policy" content="${policy}"><base target="_blank">`;
  const m = /<head[^>]*>/i.exec(html);
  return m ? html.slice(0, m.index + m[0].length) + head + html.slice(m.index + m[0].length) : head + html;
}

export function EmailPreview({ message }: { message: OutboxMessageView }) {
  const [remote, setRemote] = useState(false);
  const headers = Object.entries(message.headers);
  return (
    <Card p={0} className={classes.preview} data-testid="email-preview">
      <Stack gap="sm" p="lg" className={classes.previewHead}>
        <Title order={2} style={{ overflowWrap: 'anywhere' }}>
          {message.subject || '(no subject)'}
        </Title>
        <DataList size="sm" labelWidth={56} gap={4}>
          <DataList.Item>
            <DataList.ItemLabel>From</DataList.ItemLabel>
            <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{message.from || message.envelope.from || '—'}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>To</DataList.ItemLabel>
            <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{message.to || message.envelope.to.join(', ')}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Date</DataList.ItemLabel>
            <DataList.ItemValue>{formatDateTime(message.receivedAt)}</DataList.ItemValue>
          </DataList.Item>
        </DataList>
      </Stack>
      <Tabs defaultValue={message.html ? 'html' : 'text'} keepMounted={false}>
        <Tabs.List px="lg">
          <Tabs.Tab value="html" disabled={!message.html}>
            HTML
          </Tabs.Tab>
          <Tabs.Tab value="text">Text</Tabs.Tab>
          <Tabs.Tab value="headers">Headers</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html">
          {message.html && (
            <Stack gap={0}>
              <Group justify="space-between" px="lg" py="xs" gap="xs" className={classes.previewBar}>
                <Text size="xs" c="dimmed" style={{ flex: '1 1 260px' }}>
                  {remote
                    ? 'Remote images are shown, so the open pixel fired. Links are live: a click is recorded as the customer’s.'
                    : 'Remote images are blocked: loading them fires the open pixel. Links are live: a click is recorded as the customer’s.'}
                </Text>
                {!remote && (
                  <Button size="xs" variant="default" leftSection={<IconEye size={14} />} onClick={() => setRemote(true)}>
                    Load images
                  </Button>
                )}
              </Group>
              <iframe
                key={String(remote)}
                title={`Email: ${message.subject}`}
                sandbox="allow-popups allow-popups-to-escape-sandbox"
                srcDoc={previewDocument(message.html, remote)}
                className={classes.frame}
              />
            </Stack>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="text" p="lg">
          {message.text ? (
            <Code block className={classes.text}>
              {message.text}
            </Code>
          ) : (
            <Alert variant="light" color="gray">
              This email has no text part.
            </Alert>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="headers" p="lg">
          <ScrollArea>
            <Table fz="xs" verticalSpacing={6} highlightOnHover={false} withRowBorders>
              <Table.Tbody>
                {headers.map(([k, v]) => (
                  <Table.Tr key={k}>
                    <Table.Th w={200} className={classes.headerName}>
                      {k}
                    </Table.Th>
                    <Table.Td className={classes.headerValue}>{v}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}
