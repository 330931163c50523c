/** "Is a member of another segment", and a part of the rules the builder cannot show (edit it as JSON). */
import { Box, Group, Select, Text } from '@mantine/core';
import { CodeSnippet } from '../../../ui/CodeSnippet';
import { useBuilder } from './context';
import { updateNode, type Of } from './draft';
import { NodeMenu, type Place } from './NodeMenu';
import { messagesAt } from './tree';
import classes from './builder.module.css';

export function SegmentRefNode({ node, place }: { node: Of<'inSegment'>; place?: Place }) {
  const b = useBuilder();
  const errors = b.errors.get(node.id);
  const known = b.segments.some((s) => s.id === node.segmentId);
  const data = [...b.segments.map((s) => ({ value: s.id, label: s.name })), ...(node.segmentId && !known ? [{ value: node.segmentId, label: `Unknown segment ${node.segmentId}` }] : [])];
  const name = b.segments.find((s) => s.id === node.segmentId)?.name ?? 'another segment';
  return (
    <Box className={classes.row} data-error={errors?.length ? true : undefined} role="group" aria-label={`Member of ${name}`}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <div className={classes.inputs}>
          <Text size="sm" fw={600} mt={7}>
            Is a member of
          </Text>
          <Select
            aria-label="Segment"
            className={classes.value}
            data={data}
            value={node.segmentId || null}
            onChange={(segmentId) => segmentId && b.edit((r) => updateNode<'inSegment'>(r, node.id, (d) => ({ ...d, segmentId })))}
            placeholder={b.segments.length ? 'Pick a segment' : 'No other segment yet'}
            searchable
            allowDeselect={false}
            nothingFoundMessage="No segment by that name"
            error={messagesAt(errors, 'inSegment') ?? messagesAt(errors, '')}
          />
        </div>
        <NodeMenu node={node} place={place} label={name} />
      </Group>
    </Box>
  );
}

export function RawNode({ node, place }: { node: Of<'raw'>; place?: Place }) {
  const b = useBuilder();
  const errors = b.errors.get(node.id) ?? [];
  return (
    <Box className={classes.row} data-error role="group" aria-label="A rule the builder cannot show">
      <Group gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
        <Text size="sm" c="red.9" fw={500}>
          The builder cannot show this part of the rules. Fix it in the JSON view, or remove it.
        </Text>
        <NodeMenu node={node} place={place} label="that cannot be shown" />
      </Group>
      <CodeSnippet mt={6}>{JSON.stringify(node.json, null, 2) ?? String(node.json)}</CodeSnippet>
      {errors.map((e, i) => (
        <Text key={i} size="xs" c="red" role="alert" mt={4}>
          {e.rest ? `${e.rest}: ` : ''}
          {e.message}
        </Text>
      ))}
    </Box>
  );
}
