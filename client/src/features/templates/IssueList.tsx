/** Every problem the server found in the template, each a link to its line (or its field). */
import { Alert, List, UnstyledButton } from '@mantine/core';
import { IconAlert } from '../../ui/icons';
import type { Issue } from './useTemplateDraft';
import classes from './templates.module.css';

const fieldNames: Record<Issue['field'], string> = { name: 'Name', subject: 'Subject', preheader: 'Preheader', mjml: 'MJML', text: 'Text part', other: 'Template' };

interface Props {
  issues: Issue[];
  /** Whether the issues come from saving (refused) or from the live check while typing. */
  fromSave: boolean;
  onGoTo: (issue: Issue) => void;
}

export function IssueList({ issues, fromSave, onGoTo }: Props) {
  if (!issues.length) return null;
  const n = issues.length;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlert />}
      role="alert"
      title={fromSave ? `Not saved: ${n} problem${n === 1 ? '' : 's'} to fix` : `${n} problem${n === 1 ? '' : 's'} to fix before this can be saved`}
      data-testid="template-issues"
    >
      <List size="sm" spacing={4} className={classes.issues}>
        {issues.map((issue, i) => (
          <List.Item key={i}>
            <UnstyledButton className={classes.issueButton} onClick={() => onGoTo(issue)}>
              {fieldNames[issue.field]}
              {issue.line !== undefined && issue.field !== 'subject' && issue.field !== 'preheader' ? `, line ${issue.line}` : ''}
            </UnstyledButton>
            {': '}
            {issue.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
