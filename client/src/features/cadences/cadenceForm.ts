/**
 * The designer's form: a cadence as it is being edited (steps with stable keys for reordering,
 * onlyIf as JSON text, switches for the optional settings), to and from the API's shape, and the
 * API's validation details sorted to the fields that show them.
 */
import { ApiError, type CadenceView, type ErrorDetail } from '../../api';
import type { CadenceInput } from './cadences.api';
import type { SkipIf } from './labels';

export interface StepForm {
  key: string;
  delay: string;
  templateId: string | null;
  skipIf: SkipIf | null;
  /** The rule tree as JSON text; null: no condition. */
  onlyIf: string | null;
}

export interface CadenceForm {
  name: string;
  segmentId: string | null;
  steps: StepForm[];
  leftSegment: boolean;
  exitEvents: string[];
  reentry: 'never' | 'after';
  reentryAfter: string;
  quietHours: { start: string; end: string } | null;
  frequencyCap: { max: number | ''; per: string } | null;
}

let nextKey = 0;
export const stepKey = (): string => `step-${++nextKey}`;

export const newStep = (templateId: string | null = null, delay = '1d'): StepForm => ({ key: stepKey(), delay, templateId, skipIf: null, onlyIf: null });

export const NEW_CADENCE: () => CadenceForm = () => ({
  name: '',
  segmentId: null,
  steps: [newStep(null, '1h')],
  leftSegment: true,
  exitEvents: [],
  reentry: 'never',
  reentryAfter: '30d',
  quietHours: null,
  frequencyCap: null,
});

export function formOf(c: CadenceView): CadenceForm {
  return {
    name: c.name,
    segmentId: c.segmentId,
    steps: c.steps.map((s) => ({
      key: stepKey(),
      delay: s.delay,
      templateId: s.templateId,
      skipIf: (s.skipIf as SkipIf | undefined) ?? null,
      onlyIf: s.onlyIf === undefined || s.onlyIf === null ? null : JSON.stringify(s.onlyIf, null, 2),
    })),
    leftSegment: c.exitOn.leftSegment,
    exitEvents: c.exitOn.events,
    reentry: c.reentry.mode,
    reentryAfter: c.reentry.mode === 'after' ? c.reentry.after : '30d',
    quietHours: c.quietHours ?? null,
    frequencyCap: c.frequencyCap ?? null,
  };
}

/** A step's onlyIf JSON that does not parse: its message, by step index. */
export function jsonProblems(form: CadenceForm): Map<number, string> {
  const out = new Map<number, string>();
  form.steps.forEach((s, i) => {
    if (s.onlyIf === null) return;
    try {
      JSON.parse(s.onlyIf);
    } catch {
      out.set(i, 'not valid JSON: check the brackets, quotes and commas');
    }
  });
  return out;
}

/** The body for the API (call after jsonProblems is empty); what is incomplete is sent as is, for the API to name. */
export function inputOf(form: CadenceForm): CadenceInput {
  return {
    name: form.name,
    segmentId: form.segmentId ?? '',
    steps: form.steps.map((s) => ({
      delay: s.delay,
      templateId: s.templateId ?? '',
      ...(s.skipIf ? { skipIf: s.skipIf } : {}),
      ...(s.onlyIf !== null ? { onlyIf: JSON.parse(s.onlyIf) as unknown } : {}),
    })),
    exitOn: { leftSegment: form.leftSegment, events: form.exitEvents },
    reentry: form.reentry === 'never' ? { mode: 'never' } : { mode: 'after', after: form.reentryAfter },
    quietHours: form.quietHours,
    frequencyCap: form.frequencyCap ? { max: form.frequencyCap.max === '' ? 0 : form.frequencyCap.max, per: form.frequencyCap.per } : null,
  };
}

/** Whether the form says something other than the saved cadence. */
export function formChanged(form: CadenceForm, saved: CadenceView): boolean {
  if (jsonProblems(form).size) return true;
  return JSON.stringify(inputOf(form)) !== JSON.stringify(inputOf(formOf(saved)));
}

/** The API's validation details, read by the fields that show them. */
export class FieldErrors {
  constructor(private readonly details: ErrorDetail[]) {}

  static of(err: unknown): FieldErrors {
    return new FieldErrors(err instanceof ApiError && err.status === 400 ? err.details : []);
  }

  private pathOf = (d: ErrorDetail): string => d.field ?? d.path ?? '';

  /** Messages of this exact field, or of anything under it (`exitOn.events` takes `exitOn.events.2`). */
  under(prefix: string): string | undefined {
    const found = this.details.filter((d) => this.pathOf(d) === prefix || this.pathOf(d).startsWith(`${prefix}.`));
    return found.length ? found.map((d) => (this.pathOf(d) === prefix ? d.message : `${this.pathOf(d).slice(prefix.length + 1)}: ${d.message}`)).join('; ') : undefined;
  }

  /** Paths the form shows next to a field (for ErrorAlert's summary of the rest). */
  shown(prefixes: string[]): string[] {
    return this.details.map(this.pathOf).filter((p) => prefixes.some((x) => p === x || p.startsWith(`${x}.`)));
  }
}
