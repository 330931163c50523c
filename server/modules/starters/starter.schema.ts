/** The starter library's segments and cadences (templates/starter-cadences.json), checked on load. */
import { z } from 'zod';

const step = z.strictObject({ delay: z.string(), template: z.string(), skipIf: z.string().optional() });

export const starterLibrarySchema = z.strictObject({
  segments: z.array(z.strictObject({ key: z.string(), name: z.string(), description: z.string(), rules: z.unknown() })),
  cadences: z.array(
    z.strictObject({
      key: z.string(),
      name: z.string(),
      segment: z.string(),
      steps: z.array(step).min(1),
      exitOn: z.unknown().optional(),
      reentry: z.unknown().optional(),
      quietHours: z.unknown().optional(),
      frequencyCap: z.unknown().optional(),
    }),
  ),
});
export type StarterLibrary = z.infer<typeof starterLibrarySchema>;

export const installSchema = z
  .strictObject({
    /** Activate the starter cadences at once (default: installed as drafts for the marketer to review). */
    activate: z.boolean().default(false),
    /** With `activate`: enroll the segments' current members too. */
    enrollExisting: z.boolean().default(false),
  })
  .default({ activate: false, enrollExisting: false });

export interface InstallResult {
  templates: Record<string, string>;
  segments: Record<string, string>;
  cadences: Record<string, string>;
  /** Keys (kind:key) created by this call; empty when everything was already installed. */
  created: string[];
}
