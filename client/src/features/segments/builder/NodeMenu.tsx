/** The menu every node has (move up/down, exclude with NOT, remove) and the buttons that add to a group. */
import { ActionIcon, Button, Group, Menu, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconBan, IconDots, IconPlus, IconTrash } from '../../../ui/icons';
import { canAdd, useBuilder } from './context';
import { addChild, emptyGroup, moveNode, negate, newCondition, newEventCondition, newSegmentRef, removeNode, unwrapNot, wrapRootInGroup, type Draft } from './draft';

/** Where a node sits among its siblings (for the move actions); absent for the root and a NOT's child. */
export interface Place {
  index: number;
  count: number;
}

const nouns: Record<Draft['kind'], string> = { group: 'group', not: 'exclusion', field: 'condition', event: 'event condition', inSegment: 'segment condition', raw: 'rule' };

export function NodeMenu({ node, place, label }: { node: Draft; place?: Place; label: string }) {
  const b = useBuilder();
  const info = b.info.get(node.id)!;
  const isRoot = node.id === b.rootId;
  const canNegate = node.kind !== 'not' && info.level + info.height <= b.catalog.limits.levels;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for the ${nouns[node.kind]} ${label}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {place && (
          <>
            <Menu.Item leftSection={<IconArrowUp size={14} />} disabled={place.index === 0} onClick={() => b.edit((r) => moveNode(r, node.id, -1))}>
              Move up
            </Menu.Item>
            <Menu.Item leftSection={<IconArrowDown size={14} />} disabled={place.index === place.count - 1} onClick={() => b.edit((r) => moveNode(r, node.id, 1))}>
              Move down
            </Menu.Item>
          </>
        )}
        {node.kind === 'not' ? (
          <Menu.Item leftSection={<IconBan size={14} />} onClick={() => b.edit((r) => unwrapNot(r, node.id))}>
            Include again (remove the NOT)
          </Menu.Item>
        ) : (
          <Menu.Item leftSection={<IconBan size={14} />} disabled={!canNegate} onClick={() => b.edit((r) => negate(r, node.id))}>
            Exclude who matches (NOT)
          </Menu.Item>
        )}
        {!isRoot && (
          <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => b.edit((r) => removeNode(r, node.id))}>
            Remove
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/** The buttons that add a child to a group (or, at a root that is not a group, a sibling beside it). */
export function AddButtons({ target, level }: { target: Draft; level: number }) {
  const b = useBuilder();
  // A root that is not a group becomes a group at the same level: the same room either way.
  const can = canAdd(b, level);
  const add = (child: Draft) => b.edit((root) => (target.kind === 'group' ? addChild(root, target.id, child) : wrapRootInGroup(root, child)));
  const limit = !can.condition ? `The API allows ${b.catalog.limits.conditions} conditions and ${b.catalog.limits.levels} levels.` : null;
  return (
    <Group gap={6} mt="xs">
      <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} />} disabled={!can.condition} onClick={() => add(newCondition())}>
        Condition
      </Button>
      <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} />} disabled={!can.condition} onClick={() => add(newEventCondition())}>
        Event
      </Button>
      <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} />} disabled={!can.condition} onClick={() => add(newSegmentRef())}>
        In segment
      </Button>
      <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} />} disabled={!can.group} onClick={() => add(emptyGroup(target.kind === 'group' && target.mode === 'all' ? 'any' : 'all'))}>
        Group
      </Button>
      {limit && (
        <Text size="xs" c="dimmed">
          {limit}
        </Text>
      )}
    </Group>
  );
}

