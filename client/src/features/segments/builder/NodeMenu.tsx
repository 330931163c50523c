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

/**
 * What adds a child to a group (or, at a root that is not a group, a sibling beside it): a row of
 * buttons, or one "Add" menu on narrow screens where nested rows of buttons would crowd the tree.
 */
export function AddButtons({ target, level }: { target: Draft; level: number }) {
  const b = useBuilder();
  // A root that is not a group becomes a group at the same level: the same room either way.
  const can = canAdd(b, level);
  const add = (child: Draft) => b.edit((root) => (target.kind === 'group' ? addChild(root, target.id, child) : wrapRootInGroup(root, child)));
  const items = [
    { label: 'Condition', hint: 'On a profile field', ok: can.condition, make: () => newCondition() },
    { label: 'Event', hint: 'Did something, how often, when', ok: can.condition, make: newEventCondition },
    { label: 'In segment', hint: 'Member of another segment', ok: can.condition, make: newSegmentRef },
    { label: 'Group', hint: 'All or any of several', ok: can.group, make: () => emptyGroup(target.kind === 'group' && target.mode === 'all' ? 'any' : 'all') },
  ];
  const limit = !can.condition ? `The API allows ${b.catalog.limits.conditions} conditions and ${b.catalog.limits.levels} levels.` : null;
  return (
    <Group gap={6} mt="xs">
      <Group gap={6} visibleFrom="sm">
        {items.map((i) => (
          <Button key={i.label} size="compact-sm" variant="light" leftSection={<IconPlus size={14} />} disabled={!i.ok} onClick={() => add(i.make())}>
            {i.label}
          </Button>
        ))}
      </Group>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} />} hiddenFrom="sm" disabled={!can.condition && !can.group}>
            Add
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {items.map((i) => (
            <Menu.Item key={i.label} disabled={!i.ok} onClick={() => add(i.make())}>
              <Text size="sm">{i.label}</Text>
              <Text size="xs" c="dimmed">
                {i.hint}
              </Text>
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {limit && (
        <Text size="xs" c="dimmed">
          {limit}
        </Text>
      )}
    </Group>
  );
}
