/**
 * The visual rule builder with its JSON view: both edit the same tree (the JSON is parsed into the
 * builder as it is typed, and written from it when the view opens). Errors from the API's answer
 * sit next to the node they name; those naming no node are listed above the tree.
 */
import { Alert, Group, JsonInput, List, Tabs, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { ErrorDetail, RuleCatalog } from '../../../api';
import { IconAlert } from '../../../ui/icons';
import { BuilderContext, type BuilderState } from './context';
import { toDraft, toRules, type Draft } from './draft';
import { NodeView } from './GroupNode';
import { AddButtons } from './NodeMenu';
import { countConditions, placeErrors, treeInfo } from './tree';
import classes from './builder.module.css';

interface Props {
  value: Draft;
  onChange: (next: Draft) => void;
  catalog: RuleCatalog;
  segments: { id: string; name: string }[];
  /** The API's error details (paths like `rules.all.2.op`). */
  errors: ErrorDetail[];
}

export function RuleBuilder({ value, onChange, catalog, segments, errors }: Props) {
  const [view, setView] = useState<'builder' | 'json'>('builder');
  const [text, setText] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const rules = useMemo(() => toRules(value), [value]);
  const info = useMemo(() => treeInfo(value), [value]);
  const placed = useMemo(() => placeErrors(info, errors), [info, errors]);
  const conditionCount = countConditions(rules);

  const state: BuilderState = { catalog, segments, info, errors: placed.byNode, conditionCount, edit: (fn) => onChange(fn(value)), rootId: value.id };

  const onText = (next: string) => {
    setText(next);
    try {
      onChange(toDraft(JSON.parse(next)));
      setJsonError(null);
    } catch (err) {
      setJsonError(`Not valid JSON: ${(err as Error).message}`);
    }
  };

  const onView = (next: string | null) => {
    if (next === 'json') {
      setText(JSON.stringify(rules, null, 2));
      setJsonError(null);
      setView('json');
    } else if (next === 'builder' && !jsonError) setView('builder');
  };

  const shownOutside = view === 'json' ? errors : placed.unplaced;
  return (
    <BuilderContext.Provider value={state}>
      <Tabs value={view} onChange={onView} keepMounted={false}>
        <Group justify="space-between" gap="xs" mb="sm" wrap="wrap">
          <Tabs.List>
            <Tabs.Tab value="builder" disabled={view === 'json' && !!jsonError}>
              Builder
            </Tabs.Tab>
            <Tabs.Tab value="json">JSON</Tabs.Tab>
          </Tabs.List>
          <Text size="xs" c="dimmed" className="tabular">
            {conditionCount} of {catalog.limits.conditions} conditions · up to {catalog.limits.levels} levels
          </Text>
        </Group>
        {shownOutside.length > 0 && (
          <Alert color="red" variant="light" icon={<IconAlert />} mb="sm" title="The rules are not valid yet" role="alert">
            <List size="sm">
              {shownOutside.map((d, i) => (
                <List.Item key={i}>
                  {d.field ?? d.path ? `${d.field ?? d.path}: ` : ''}
                  {d.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Tabs.Panel value="builder">
          <NodeView node={value} />
          {value.kind !== 'group' && <AddButtons target={value} level={1} />}
        </Tabs.Panel>
        <Tabs.Panel value="json">
          <JsonInput
            label="Rules as JSON"
            description="The same rules the API takes (contract section 5). Changes here show in the builder."
            value={text}
            onChange={onText}
            error={jsonError}
            autosize
            minRows={10}
            maxRows={30}
            className={classes.json}
            spellCheck={false}
          />
          {jsonError && (
            <Text size="xs" c="dimmed" mt={4}>
              Fix the JSON to go back to the builder.
            </Text>
          )}
        </Tabs.Panel>
      </Tabs>
    </BuilderContext.Provider>
  );
}
