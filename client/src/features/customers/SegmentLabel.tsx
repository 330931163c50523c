/**
 * A segment the customer belongs to: its name, linking to the segment's page. The names come from
 * the segment list (one request, cached, shared by every label); an id no segment has any more
 * (deleted meanwhile) is shown as such.
 */
import { Badge, Code, Skeleton, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { useSegments } from '../segments/segments.api';

export function SegmentLabel({ id }: { id: string }) {
  const segments = useSegments();
  if (segments.isPending) return <Skeleton height={22} width={90} radius="sm" />;
  // The list could not be had: the id is all there is to show.
  if (!segments.data) return <Code>{id}</Code>;
  const segment = segments.data.items.find((s) => s.id === id);
  if (!segment) {
    return (
      <Tooltip label={`No segment has the id ${id} any more`} withArrow>
        <Badge variant="outline" color="gray">
          Deleted segment
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Badge component={Link} to={`/segments/${id}`} variant="light" color="brand" maw="100%" style={{ cursor: 'pointer' }}>
      {segment.name}
    </Badge>
  );
}
