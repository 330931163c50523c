/**
 * Picks one customer by typing the start of their email (the same search as the customer list);
 * for previews and test data. Shows the picked customer's name and email.
 */
import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import type { CustomerView } from '../../api';
import { fullName } from '../../ui/format';
import { IconSearch } from '../../ui/icons';
import { useCustomerList } from './customers.api';

export interface PickedCustomer {
  id: string;
  label: string;
}

const labelOf = (c: CustomerView): string => (fullName(c) ? `${fullName(c)} · ${c.email ?? c.externalId ?? c.id}` : (c.email ?? c.externalId ?? c.id));

interface Props extends Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> {
  value: PickedCustomer | null;
  onChange: (customer: PickedCustomer | null) => void;
}

export function CustomerPicker({ value, onChange, ...select }: Props) {
  const [search, setSearch] = useState('');
  const typed = search.trim() === value?.label ? '' : search.trim();
  const [q] = useDebouncedValue(typed, 250);
  const list = useCustomerList({ q: q || undefined, limit: 10 });
  const found = (list.data?.items ?? []).map((c) => ({ value: c.id, label: labelOf(c) }));
  const data = value && !found.some((o) => o.value === value.id) ? [{ value: value.id, label: value.label }, ...found] : found;

  return (
    <Select
      searchable
      clearable
      placeholder="Type the start of an email"
      nothingFoundMessage={list.isFetching ? 'Searching…' : q ? `No customer’s email starts with “${q}”` : 'No customers yet'}
      leftSection={<IconSearch size={16} />}
      rightSection={list.isFetching ? <Loader size={14} aria-label="Searching" /> : undefined}
      {...select}
      data={data}
      // The server filters by email prefix; the list shows what it answered.
      filter={({ options }) => options}
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id, option) => onChange(id && option ? { id, label: option.label } : null)}
    />
  );
}
