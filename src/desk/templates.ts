/**
 * Case templates (content/desk/templates.json): the common consultations with a
 * priority, a category and a checklist of first-response steps in plain Japanese and
 * English. A case made from a template starts with every step unticked.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { contentDir } from '../core/paths.js';
import { CASE_CATEGORIES, PRIORITIES } from './model.js';

const bilingual = z.strictObject({ ja: z.string().min(1), en: z.string().min(1) });
const stepSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  ja: z.string().min(1),
  en: z.string().min(1),
});
const templateSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  category: z.enum(CASE_CATEGORIES),
  priority: z.enum(PRIORITIES),
  title: bilingual,
  description: bilingual,
  steps: z
    .array(stepSchema)
    .min(1)
    .refine((s) => new Set(s.map((x) => x.id)).size === s.length, 'step ids must be unique'),
});
const fileSchema = z.strictObject({
  templates: z
    .array(templateSchema)
    .refine((t) => new Set(t.map((x) => x.id)).size === t.length, 'template ids must be unique'),
});

export type CaseTemplate = z.output<typeof templateSchema>;
export type TemplateStep = z.output<typeof stepSchema>;

/** Parses a templates file; a broken file is a start-up error naming the problem. */
export function parseTemplates(json: string): CaseTemplate[] {
  const r = fileSchema.safeParse(JSON.parse(json));
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`content/desk/templates.json: ${i.path.join('.')}: ${i.message}`);
  }
  return r.data.templates;
}

let cached: CaseTemplate[] | null = null;

export function caseTemplates(): readonly CaseTemplate[] {
  cached ??= parseTemplates(readFileSync(contentDir('desk', 'templates.json'), 'utf8'));
  return cached;
}

export function findTemplate(id: string): CaseTemplate | undefined {
  return caseTemplates().find((t) => t.id === id);
}

/** The state of a checklist step. */
export interface StepState {
  done: boolean;
  at: number | null;
  by: string | null;
}

/** A fresh checklist for a case made from `t`: every step open. */
export function newChecklist(t: CaseTemplate): Record<string, StepState> {
  return Object.fromEntries(t.steps.map((s) => [s.id, { done: false, at: null, by: null }]));
}
