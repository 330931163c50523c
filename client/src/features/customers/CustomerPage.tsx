/** One customer: who they are, what they did, what Retainly derived, and what can be done. */
import { Avatar, Button, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { CustomerView } from '../../api';
import { ApiError } from '../../api';
import { usePermissions } from '../../app/session';
import { LifecycleBadge, SubscriptionBadge, TierBadge } from '../../ui/badges';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fullName, initials } from '../../ui/format';
import { IconDownload, IconTrash } from '../../ui/icons';
import { Page } from '../../ui/Page';
import { SectionUnavailable } from '../../app/RouteStates';
import { customerExportUrl, useCustomer, useEraseCustomer } from './customers.api';
import { CustomerTimeline } from './CustomerTimeline';
import { AttributesCard, CartCard, DetailsCard, RfmCard, SegmentsCard, StatsCard } from './ProfileCards';

const back = { to: '/customers', label: 'Customers' };

export function CustomerPage() {
  const { id = '' } = useParams();
  const customer = useCustomer(id);
  if (customer.error instanceof ApiError && (customer.error.status === 404 || customer.error.code === 'validation_failed')) {
    return <SectionUnavailable title="Customer not found" text="No customer has this id. It may have been erased." />;
  }
  if (!customer.data) {
    return (
      <Page title="Customer" back={back}>
        {customer.error ? <ErrorAlert error={customer.error} onRetry={() => customer.refetch()} /> : <Loader aria-label="Loading the customer" />}
      </Page>
    );
  }
  return <Profile c={customer.data} />;
}

function Profile({ c }: { c: CustomerView }) {
  const { canWrite } = usePermissions();
  const navigate = useNavigate();
  const erase = useEraseCustomer();
  const [confirming, setConfirming] = useState(false);
  const name = fullName(c);
  const title = name || c.email || c.externalId || 'Customer';

  return (
    <Page
      title={title}
      back={back}
      heading={
        <Group gap="md" wrap="nowrap" align="center">
          <Avatar size={52} radius="xl" color="brand" visibleFrom="xs">
            {initials(name || c.email || '?')}
          </Avatar>
          <Stack gap={4} miw={0}>
            <Title order={1} style={{ overflowWrap: 'anywhere' }}>
              {title}
            </Title>
            {name && c.email && (
              <Text c="dimmed" size="sm" style={{ overflowWrap: 'anywhere' }}>
                {c.email}
              </Text>
            )}
            <Group gap={6} mt={2}>
              <LifecycleBadge value={c.lifecycle} />
              <TierBadge value={c.rfm.tier} />
              <SubscriptionBadge value={c.subscription.status} />
            </Group>
          </Stack>
        </Group>
      }
      actions={
        <>
          <Button component="a" href={customerExportUrl(c.id)} download variant="default" leftSection={<IconDownload size={16} />}>
            Export data
          </Button>
          {canWrite && (
            <Button variant="outline" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirming(true)}>
              Erase
            </Button>
          )}
        </>
      }
    >
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="lg">
            <StatsCard c={c} />
            <CustomerTimeline customerId={c.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="lg">
            <RfmCard c={c} />
            <CartCard c={c} />
            <DetailsCard c={c} />
            <SegmentsCard c={c} />
            <AttributesCard c={c} />
          </Stack>
        </Grid.Col>
      </Grid>
      {canWrite && (
        <ConfirmDialog
          opened={confirming}
          title={`Erase ${title}?`}
          confirmLabel="Erase customer"
          pending={erase.isPending}
          error={erase.error}
          onClose={() => {
            setConfirming(false);
            erase.reset();
          }}
          onConfirm={() => erase.mutate(c.id, { onSuccess: () => navigate('/customers', { replace: true, state: { erased: title } }) })}
        >
          The profile and the copies of emails sent to it are deleted, and its events are kept only anonymised (for counts). This is the GDPR right to erasure: it cannot be undone.
          Export the data first if the customer asked for a copy.
        </ConfirmDialog>
      )}
    </Page>
  );
}
