/**
 * A segment's rules in words, in the same nested boxes as the builder: what a viewer sees, and the
 * summary on a segment's page. Reads the API's rules directly; shapes it cannot word show as JSON.
 */
import { Anchor, Box, Code, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { RuleCatalog, RuleNode } from '../../../api';
import { toDraft, type Draft } from './draft';
import { countOpLabels, describeCondition, eventLabel, formatDuration } from './fields';
import classes from './builder.module.css';

interface Props {
  rules: RuleNode;
  catalog: RuleCatalog | undefined;
  segments: { id: string; name: string }[];
}

export function RulesSummary({ rules, catalog, segments }: Props) {
  return (
    <div aria-label="Rules" role="group">
      <SummaryNode node={toDraft(rules)} catalog={catalog} segments={segments} root />
    </div>
  );
}

function SummaryNode({ node, catalog, segments, root }: { node: Draft; catalog: RuleCatalog | undefined; segments: Props['segments']; root?: boolean }) {
  switch (node.kind) {
    case 'group':
      return (
        <Box className={classes.group} data-nested={root ? undefined : true} data-mode={node.mode}>
          <Text size="sm" fw={600}>
            {node.children.length === 0 ? (node.mode === 'all' ? 'Every customer (no conditions)' : 'No one (an empty “any” group)') : node.mode === 'all' ? 'All of these match' : 'Any of these match'}
          </Text>
          {node.children.length > 0 && (
            <Stack gap={6} mt={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
              {node.children.map((c) => (
                <li key={c.id}>
                  <SummaryNode node={c} catalog={catalog} segments={segments} />
                </li>
              ))}
            </Stack>
          )}
        </Box>
      );
    case 'not':
      return (
        <Box className={classes.not}>
          <Text size="sm" fw={600} c="red.9">
            NOT: leave out customers who match
          </Text>
          <Box mt={6}>
            <SummaryNode node={node.child} catalog={catalog} segments={segments} />
          </Box>
        </Box>
      );
    case 'field':
      return <Sentence>{describeCondition(node, catalog)}</Sentence>;
    case 'event': {
      const count = node.count ?? { op: 'gte' as const, value: 1 };
      const times = `${countOpLabels[count.op]} ${count.value ?? '…'} ${count.value === 1 ? 'time' : 'times'}`;
      const where = node.where.map((w) => describeCondition({ ...w, field: w.field }, catalog)).join(' and ');
      return (
        <Sentence>
          Did <strong>{eventLabel(node.event)}</strong> {times}
          {node.within ? ` in the last ${formatDuration(node.within)}` : ', ever'}
          {where ? `, where ${where}` : ''}
        </Sentence>
      );
    }
    case 'inSegment': {
      const name = segments.find((s) => s.id === node.segmentId)?.name;
      return (
        <Sentence>
          Is a member of{' '}
          {name ? (
            <Anchor component={Link} to={`/segments/${node.segmentId}`} size="sm">
              {name}
            </Anchor>
          ) : (
            <Code>{node.segmentId}</Code>
          )}
        </Sentence>
      );
    }
    case 'raw':
      return (
        <Box className={classes.row}>
          <Code block>{JSON.stringify(node.json, null, 2)}</Code>
        </Box>
      );
  }
}

function Sentence({ children }: { children: ReactNode }) {
  return (
    <Box className={classes.row}>
      <Text size="sm" className={classes.sentence}>
        {children}
      </Text>
    </Box>
  );
}
