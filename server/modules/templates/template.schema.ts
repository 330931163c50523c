/** Templates: what the API takes (create, edit, preview, test send) and what it answers. */
import { z } from 'zod';
import { objectIdSchema, safeObject } from '../../lib/schemas.js';

const name = z.string().trim().min(1, 'must not be empty').max(200);
const subject = z.string().trim().min(1, 'must not be empty').max(998);
const preheader = z.string().max(500);
const mjml = z.string().min(1, 'must not be empty').max(500_000, 'at most 500,000 characters');
const text = z.string().max(200_000, 'at most 200,000 characters');

export const templateCreateSchema = z.strictObject({
  name,
  subject,
  preheader: preheader.default(''),
  mjml,
  /** The text part (Handlebars); absent or null: derived from the HTML. */
  text: text.nullable().optional(),
});
export type TemplateCreate = z.infer<typeof templateCreateSchema>;

export const templatePatchSchema = z
  .strictObject({ name: name.optional(), subject: subject.optional(), preheader: preheader.optional(), mjml: mjml.optional(), text: text.nullable().optional() })
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one of name, subject, preheader, mjml, text' });
export type TemplatePatch = z.infer<typeof templatePatchSchema>;

const version = z.number().int().min(1).optional();

export const previewSchema = z
  .strictObject({ customerId: objectIdSchema.optional(), data: safeObject(8).optional(), version })
  .refine((b) => !(b.customerId && b.data), { message: 'give customerId or data, not both', path: ['data'] });
export type PreviewInput = z.infer<typeof previewSchema>;

/**
 * `POST /templates/preview`: unsaved sources rendered as a preview (nothing stored), so an editor
 * can show the email and its validation issues while the marketer types. `templateId` lends its
 * sample data when neither a customer nor data is given.
 */
export const draftPreviewSchema = z
  .strictObject({
    subject,
    preheader: preheader.default(''),
    mjml,
    text: text.nullable().optional(),
    templateId: objectIdSchema.optional(),
    customerId: objectIdSchema.optional(),
    data: safeObject(8).optional(),
  })
  .refine((b) => !(b.customerId && b.data), { message: 'give customerId or data, not both', path: ['data'] });
export type DraftPreviewInput = z.infer<typeof draftPreviewSchema>;

export const testSendSchema = z
  .strictObject({
    to: z.string().trim().max(254).pipe(z.email({ message: 'must be an email address' })),
    customerId: objectIdSchema.optional(),
    data: safeObject(8).optional(),
    version,
  })
  .refine((b) => !(b.customerId && b.data), { message: 'give customerId or data, not both', path: ['data'] });
export type TestSendInput = z.infer<typeof testSendSchema>;

export const versionParamSchema = z.coerce.number().int().min(1).max(1_000_000);

export interface TemplateSummary {
  id: string;
  name: string;
  version: number;
  subject: string;
  starterKey: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TemplateVersionView {
  templateId: string;
  version: number;
  subject: string;
  preheader: string;
  mjml: string;
  /** The text part as given, or null when it is derived from the HTML. */
  text: string | null;
  /** Tracked static links of the compiled HTML and text, by link index. */
  links: string[];
  /** Size of the compiled HTML before personalisation. */
  htmlBytes: number;
  createdAt: string;
}

/** `GET /templates/:id`: the template with its current version's content. */
export interface TemplateView extends Omit<TemplateVersionView, 'templateId'> {
  id: string;
  name: string;
  starterKey: string | null;
  updatedAt: string;
}

export interface VersionSummary {
  version: number;
  subject: string;
  preheader: string;
  htmlBytes: number;
  createdAt: string;
}

export interface RenderedPreview {
  version: number;
  subject: string;
  html: string;
  text: string;
}
