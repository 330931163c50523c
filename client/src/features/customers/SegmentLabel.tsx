/**
 * A segment the customer belongs to. Segments have no pages yet, so this shows the id; when the
 * segments section lands, this is the one place to look the name up (and link to the segment).
 */
import { Code, CopyButton, Tooltip, UnstyledButton } from '@mantine/core';

export function SegmentLabel({ id }: { id: string }) {
  return (
    <CopyButton value={id}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : 'Copy the segment id'} withArrow>
          <UnstyledButton onClick={copy} aria-label={`Segment ${id}, copy the id`}>
            <Code>{id}</Code>
          </UnstyledButton>
        </Tooltip>
      )}
    </CopyButton>
  );
}
