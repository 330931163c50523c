/**
 * The state of the segment form: name, description, the rule tree, the debounced live preview,
 * saving (create or update), the API's errors on the rules, and the guard against leaving unsaved.
 */
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useBlocker, useNavigate } from 'react-router';
import { ApiError, type ErrorDetail, type SegmentView } from '../../api';
import { emptyGroup, toDraft, toRules, type Draft } from './builder/draft';
import { useCreateSegment, usePreview, useUpdateSegment } from './segments.api';

const PREVIEW_DEBOUNCE_MS = 400;

/** The API's details that name a part of the rules. */
const rulesDetails = (err: unknown): ErrorDetail[] => (err instanceof ApiError ? err.details.filter((d) => (d.field ?? d.path ?? '').split('.')[0] === 'rules') : []);

export function useSegmentForm(initial: SegmentView | null) {
  const navigate = useNavigate();
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [draft, setDraft] = useState<Draft>(() => (initial ? toDraft(initial.rules) : emptyGroup()));
  const rulesJson = useMemo(() => JSON.stringify(toRules(draft)), [draft]);
  const [debounced] = useDebouncedValue(rulesJson, PREVIEW_DEBOUNCE_MS);
  const preview = usePreview(debounced);
  const create = useCreateSegment();
  const update = useUpdateSegment(initial?.id ?? '');
  const save = initial ? update : create;

  // Leaving with unsaved changes asks first; leaving after a save does not.
  const saved = useRef(false);
  const [initialJson] = useState(() => JSON.stringify(initial ? initial.rules : toRules(emptyGroup())));
  const dirty = name !== (initial?.name ?? '') || description !== (initial?.description ?? '') || rulesJson !== initialJson;
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !saved.current && currentLocation.pathname !== nextLocation.pathname);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = { name: name.trim(), description, rules: toRules(draft) };
    const done = (s: SegmentView) => {
      saved.current = true;
      navigate(`/segments/${s.id}`);
    };
    if (initial) update.mutate(input, { onSuccess: done });
    else create.mutate(input, { onSuccess: done });
  };

  // The preview's errors follow the rules as they change; a refused save adds its own.
  const errors = useMemo(() => {
    const seen = new Set<string>();
    return [...rulesDetails(preview.error), ...rulesDetails(save.error)].filter((d) => {
      const key = `${d.field ?? d.path}|${d.message}`;
      return !seen.has(key) && (seen.add(key), true);
    });
  }, [preview.error, save.error]);

  return { name, setName, description, setDescription, draft, setDraft, preview, previewStale: debounced !== rulesJson, save, submit, errors, blocker };
}
