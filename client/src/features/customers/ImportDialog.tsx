/** CSV import: pick a file, upload it, see what was created, updated and rejected (by line). */
import { Anchor, Button, FileInput, Group, List, Modal, ScrollArea, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { ImportResult } from '../../api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatNumber } from '../../ui/format';
import { IconUpload } from '../../ui/icons';
import { useImportCustomers } from './customers.api';

const SAMPLE = `email,externalId,firstName,lastName,timezone,locale,subscribed,attributes.plan
ada@example.com,C-1001,Ada,Lovelace,Europe/London,en-GB,yes,gold
grace@example.com,C-1002,Grace,Hopper,America/New_York,en-US,yes,silver
`;
const sampleHref = `data:text/csv;charset=utf-8,${encodeURIComponent(SAMPLE)}`;

export function ImportDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const upload = useImportCustomers();
  const close = () => {
    setFile(null);
    upload.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={650}>Import customers from CSV</Text>} size="lg">
      {upload.data ? (
        <ImportSummary result={upload.data} fileName={file?.name} onAgain={() => {
            setFile(null);
            upload.reset();
          }} onDone={close} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (file) upload.mutate(file);
          }}
        >
          <Stack gap="md">
            <Text size="sm">
              One customer per row, matched by <code>externalId</code> when given, else by email: existing customers are updated, new ones created. Rows with errors are listed
              after the import; the others are kept.
            </Text>
            <List size="sm" spacing={2}>
              <List.Item>
                Columns: <code>email</code> (required), <code>externalId</code>, <code>firstName</code>, <code>lastName</code>, <code>timezone</code>, <code>locale</code>,{' '}
                <code>subscribed</code> (yes/no)
              </List.Item>
              <List.Item>
                Any other data as <code>attributes.&lt;name&gt;</code>, e.g. <code>attributes.plan</code>
              </List.Item>
            </List>
            <Anchor href={sampleHref} download="retainly-customers-sample.csv" size="sm" w="fit-content">
              Download a sample file
            </Anchor>
            <FileInput label="CSV file" placeholder="Choose a .csv file" accept=".csv,text/csv" value={file} onChange={setFile} clearable leftSection={<IconUpload size={16} />} />
            <ErrorAlert error={upload.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" disabled={!file} loading={upload.isPending}>
                Import
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function ImportSummary({ result, fileName, onAgain, onDone }: { result: ImportResult; fileName?: string; onAgain: () => void; onDone: () => void }) {
  const tiles = [
    { label: 'Created', value: result.created },
    { label: 'Updated', value: result.updated },
    { label: 'Rejected', value: result.rejected.length },
  ];
  return (
    <Stack gap="md" data-testid="import-result">
      <Text size="sm">
        {fileName ? <strong>{fileName}</strong> : 'The file'} was imported{result.rejected.length ? ', except the lines below' : ''}.
      </Text>
      <SimpleGrid cols={3} spacing="sm">
        {tiles.map((t) => (
          <Stack key={t.label} gap={0} p="sm" bg="var(--app-surface)" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
            <Text size="xs" c="dimmed" fw={500}>
              {t.label}
            </Text>
            <Text size="xl" fw={650} className="tabular" c={t.label === 'Rejected' && t.value > 0 ? 'red.9' : undefined}>
              {formatNumber(t.value)}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
      {result.rejected.length > 0 && (
        <ScrollArea.Autosize mah={260}>
          <Table withTableBorder verticalSpacing="xs" highlightOnHover={false}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70}>Line</Table.Th>
                <Table.Th>Why it was rejected</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.rejected.map((r, i) => (
                <Table.Tr key={i}>
                  <Table.Td className="tabular">{r.line > 0 ? r.line : '—'}</Table.Td>
                  <Table.Td>{r.error}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onAgain}>
          Import another file
        </Button>
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}
