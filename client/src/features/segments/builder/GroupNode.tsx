/** The structure of the builder: a group ("all" or "any" of its children), a NOT around one node, and the dispatch to each kind's row. */
import { Box, Group, SegmentedControl, Text } from '@mantine/core';
import { useBuilder } from './context';
import { updateNode, type Draft, type Of } from './draft';
import { EventConditionNode } from './EventConditionNode';
import { FieldConditionNode } from './FieldConditionNode';
import { AddButtons, NodeMenu, type Place } from './NodeMenu';
import { RawNode, SegmentRefNode } from './OtherNodes';
import { messagesAt } from './tree';
import classes from './builder.module.css';

export function NodeView({ node, place }: { node: Draft; place?: Place }) {
  switch (node.kind) {
    case 'group':
      return <GroupNode node={node} place={place} />;
    case 'not':
      return <NotNode node={node} place={place} />;
    case 'field':
      return <FieldConditionNode node={node} place={place} />;
    case 'event':
      return <EventConditionNode node={node} place={place} />;
    case 'inSegment':
      return <SegmentRefNode node={node} place={place} />;
    case 'raw':
      return <RawNode node={node} place={place} />;
  }
}

function GroupNode({ node, place }: { node: Of<'group'>; place?: Place }) {
  const b = useBuilder();
  const info = b.info.get(node.id)!;
  const isRoot = node.id === b.rootId;
  const error = messagesAt(b.errors.get(node.id), '');
  return (
    <Box className={classes.group} data-nested={isRoot ? undefined : true} data-mode={node.mode} role="group" aria-label={isRoot ? 'Rules' : `Group at level ${info.level}`} data-path={info.path}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Group gap="xs" wrap="wrap">
          <SegmentedControl
            size="xs"
            aria-label="Match all or any"
            value={node.mode}
            onChange={(mode) => b.edit((r) => updateNode<'group'>(r, node.id, (g) => ({ ...g, mode: mode as 'all' | 'any' })))}
            data={[
              { value: 'all', label: 'All' },
              { value: 'any', label: 'Any' },
            ]}
          />
          <Text size="sm">of these match</Text>
        </Group>
        <NodeMenu node={node} place={place} label={`matching ${node.mode}`} />
      </Group>
      {error && (
        <Text size="xs" c="red" role="alert" mt={4}>
          {error}
        </Text>
      )}
      <div className={classes.children}>
        {node.children.map((c, i) => (
          <NodeView key={c.id} node={c} place={{ index: i, count: node.children.length }} />
        ))}
        {node.children.length === 0 && (
          <Text size="sm" c="dimmed">
            {node.mode === 'all' ? 'No conditions yet: an empty “all” group matches every customer.' : 'No conditions yet: an empty “any” group matches no one.'} Add one below.
          </Text>
        )}
      </div>
      <AddButtons target={node} level={info.level} />
    </Box>
  );
}

function NotNode({ node, place }: { node: Of<'not'>; place?: Place }) {
  const b = useBuilder();
  const error = messagesAt(b.errors.get(node.id), '');
  return (
    <Box className={classes.not} role="group" aria-label="Excluded: customers who match this are left out">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={600} c="red.9">
          NOT: leave out customers who match
        </Text>
        <NodeMenu node={node} place={place} label="NOT" />
      </Group>
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
      <div className={classes.children}>
        <NodeView node={node.child} />
      </div>
    </Box>
  );
}
