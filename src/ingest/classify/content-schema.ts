/**
 * Shapes of the editable classification files in content/classification/ (documented
 * in docs/classification.md). Zod checks the shape; content-loader.ts checks the
 * meaning (duplicates, domain syntax, conflicts) so one run reports every problem.
 */
import { z } from 'zod';
import type { Category } from '../../event/event.js';

/** SPEC §4 items that are recognised from usage data (domains, apps, URL categories). */
export const USAGE_ITEMS = ['online-storage', 'remote-access', 'risky-input-tool', 'sns-webmail'] as const;
export type UsageItem = (typeof USAGE_ITEMS)[number] & Category;

export const FAMILY_TYPES = ['ransomware', 'malware', 'botnet', 'tool', 'exploit', 'test'] as const;
export type FamilyType = (typeof FAMILY_TYPES)[number];

/** What a URL category means: a usage item, harmful-web, or C&C (malicious-outbound). */
export const URL_VERDICTS = [...USAGE_ITEMS, 'harmful', 'c2'] as const;
export type UrlVerdict = (typeof URL_VERDICTS)[number];

const usageItem = z.enum(USAGE_ITEMS);
const nonEmpty = z.string().trim().min(1, 'must not be empty');
// `_doc` carries the editors' explanation; a string or a list of lines.
const doc = z.union([z.string(), z.array(z.string())]);

export const domainsFileSchema = z
  .object({
    _doc: doc,
    items: z.partialRecord(usageItem, z.record(z.string(), z.array(nonEmpty))),
  })
  .strict();

export const appsFileSchema = z
  .object({
    _doc: doc,
    names: z.partialRecord(usageItem, z.record(z.string(), z.array(nonEmpty))),
    categories: z.record(z.string(), z.record(nonEmpty, usageItem)),
    signatures: z
      .object({
        policyPrefixes: z.array(nonEmpty),
        keywords: z.partialRecord(usageItem, z.array(nonEmpty)),
      })
      .strict(),
  })
  .strict();

export const urlCategoriesFileSchema = z
  .object({
    _doc: doc,
    vendors: z.record(z.string(), z.record(nonEmpty, z.enum(URL_VERDICTS))),
  })
  .strict();

const familyId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'family ids are lower-case kebab-case');

export const familiesFileSchema = z
  .object({
    _doc: doc,
    families: z.record(
      familyId,
      z
        .object({
          label: nonEmpty,
          type: z.enum(FAMILY_TYPES),
          c2: z.boolean(),
          contains: z.array(nonEmpty),
          words: z.array(nonEmpty),
          domains: z.array(nonEmpty).optional(),
        })
        .strict(),
    ),
  })
  .strict();

export type DomainsFile = z.infer<typeof domainsFileSchema>;
export type AppsFile = z.infer<typeof appsFileSchema>;
export type UrlCategoriesFile = z.infer<typeof urlCategoriesFileSchema>;
export type FamiliesFile = z.infer<typeof familiesFileSchema>;
