/**
 * Mail templates (content/mail/templates.json): per notification kind, audience and
 * language a subject, a plain-text body and an HTML body. Read once, validated with zod
 * plus a check that every placeholder is one the kind provides, so a typo in the content
 * file fails the test suite instead of mailing "{{caseNumbr}}" to a customer.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { contentDir } from '../core/paths.js';
import type { NotificationEvent } from './model.js';

export const MAIL_LOCALES = ['ja', 'en'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];
/** The desk's notification kinds, and mails the scheduler and the report queue send. */
export type MailKind = NotificationEvent['kind'] | 'weekly-summary' | 'report-ready';
/** company = the company's contacts (plain language); staff = provider staff (terse). */
export type Audience = 'company' | 'staff';

/** The audiences each kind has a template for. */
export const KIND_AUDIENCES: Readonly<Record<MailKind, readonly Audience[]>> = {
  'alert-new': ['company', 'staff'],
  'case-created': ['company', 'staff'],
  'case-updated': ['company', 'staff'],
  'case-assigned': ['staff'],
  'dispatch-scheduled': ['company', 'staff'],
  'dispatch-reported': ['company'],
  'weekly-summary': ['company'],
  'report-ready': ['company'],
};

const COMMON_VARIABLES = ['name', 'company', 'portalUrl', 'link'] as const;

/** The placeholders a kind's templates may use (besides the common ones). */
export const KIND_VARIABLES: Readonly<Record<MailKind, readonly string[]>> = {
  'alert-new': [
    'title',
    'level',
    'levelLabel',
    'levelPlain',
    'ruleId',
    'count',
    'firstSeen',
    'explain',
    'alertId',
  ],
  'case-created': ['caseNumber', 'title', 'channelLabel', 'priorityLabel'],
  'case-updated': ['caseNumber', 'title', 'status', 'statusLabel', 'statusText', 'message'],
  'case-assigned': ['caseNumber', 'title', 'priorityLabel'],
  'dispatch-scheduled': ['caseNumber', 'dispatchNumber', 'start', 'end', 'siteAddress', 'engineerName'],
  'dispatch-reported': ['caseNumber', 'dispatchNumber'],
  // src/reports/weekly/mail.ts fills these
  'weekly-summary': [
    'period',
    'periodShort',
    'noLogs',
    'leaked',
    'attention',
    'allClear',
    'recon',
    'reconVs',
    'reconNote',
    'intrusion',
    'intrusionVs',
    'intrusionNote',
    'outbound',
    'outboundVs',
    'outboundNote',
    'virus',
    'virusVs',
    'virusNote',
    'virusWeb',
    'virusMailReceive',
    'virusMailSend',
    'virusFtp',
    'virusOther',
    'blockedApps',
    'blockedAppsVs',
    'blockedAppsDetail',
    'spam',
    'spamVs',
    'mailsReceived',
    'mailsReceivedVs',
    'spamRatio',
    'mailsNotLogged',
    'mailsVerdictsOnly',
    'openAlerts',
    'alertsLink',
  ],
  // src/reports/archive/report-mail.ts fills these; `link` is the report archive page
  'report-ready': ['month', 'pdfLink', 'langNote'],
};

export function variablesOf(kind: MailKind): readonly string[] {
  return [...COMMON_VARIABLES, ...KIND_VARIABLES[kind]];
}

const LAYOUT_VARIABLES = ['subject', 'portalUrl'];

const lines = z.array(z.string().max(2000)).min(1).max(200);
const perLocale = <V extends z.ZodType>(v: V) => z.strictObject({ ja: v, en: v });
const template = z.strictObject({ subject: z.string().min(1).max(300), text: lines, html: lines });
const labelMap = z.record(z.string(), perLocale(z.string().min(1).max(600)));

export const templatesFileSchema = z.strictObject({
  _doc: z.array(z.string()),
  layout: perLocale(z.strictObject({ html: lines, textFooter: lines })),
  labels: z.strictObject({
    defaultName: perLocale(z.string().min(1).max(100)),
    level: labelMap,
    levelPlain: labelMap,
    priority: labelMap,
    channel: labelMap,
    caseStatus: labelMap,
    caseStatusText: labelMap,
  }),
  templates: z.record(z.string(), z.record(z.string(), perLocale(template))),
});

export type TemplatesFile = z.output<typeof templatesFileSchema>;
export type MailLabels = TemplatesFile['labels'];

export interface MailTemplate {
  subject: string;
  text: string;
  html: string;
}

export interface MailTemplates {
  layout: Record<MailLocale, { html: string; textFooter: string }>;
  labels: MailLabels;
  get(kind: MailKind, audience: Audience, locale: MailLocale): MailTemplate;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export class MailTemplatesError extends Error {
  constructor(readonly problems: string[]) {
    super(`content/mail/templates.json is invalid:\n${problems.join('\n')}`);
    this.name = 'MailTemplatesError';
  }
}

const PLACEHOLDER = /\{\{([#^/]?)([A-Za-z][A-Za-z0-9]*)\}\}/g;

/** Placeholder problems of one template string: unknown names, unbalanced sections. */
function checkPlaceholders(where: string, s: string, allowed: readonly string[], problems: string[]): void {
  const open: string[] = [];
  for (const m of s.matchAll(PLACEHOLDER)) {
    const [, tag, name] = m;
    if (!allowed.includes(name)) problems.push(`${where}: unknown placeholder {{${tag}${name}}}`);
    if (tag === '#' || tag === '^') open.push(name);
    else if (tag === '/' && open.pop() !== name) problems.push(`${where}: {{/${name}}} closes nothing`);
  }
  for (const name of open) problems.push(`${where}: section {{${name}}} is not closed`);
  // a stray brace pair would reach the reader verbatim
  const rest = s.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push(`${where}: malformed placeholder`);
}

/** Validates the parsed templates file; collects every problem. */
export function parseMailTemplates(file: unknown): MailTemplates {
  const r = templatesFileSchema.safeParse(file);
  if (!r.success) {
    throw new MailTemplatesError(
      r.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`),
    );
  }
  const data = r.data;
  const problems: string[] = [];
  for (const locale of MAIL_LOCALES) {
    const l = data.layout[locale];
    const html = l.html.join('\n');
    if (!html.includes('{{{content}}}')) problems.push(`layout.${locale}.html: no {{{content}}}`);
    checkPlaceholders(`layout.${locale}.html`, html.replace('{{{content}}}', ''), LAYOUT_VARIABLES, problems);
    checkPlaceholders(`layout.${locale}.textFooter`, l.textFooter.join('\n'), LAYOUT_VARIABLES, problems);
  }
  for (const kind of Object.keys(KIND_AUDIENCES) as MailKind[]) {
    const allowed = variablesOf(kind);
    for (const audience of KIND_AUDIENCES[kind]) {
      const t = data.templates[kind]?.[audience];
      if (!t) {
        problems.push(`templates.${kind}.${audience}: missing`);
        continue;
      }
      for (const locale of MAIL_LOCALES) {
        const where = `templates.${kind}.${audience}.${locale}`;
        const { subject, text, html } = t[locale];
        if (/[\r\n]/.test(subject)) problems.push(`${where}.subject: more than one line`);
        checkPlaceholders(`${where}.subject`, subject, allowed, problems);
        checkPlaceholders(`${where}.text`, text.join('\n'), allowed, problems);
        const h = html.join('\n');
        checkPlaceholders(`${where}.html`, h, allowed, problems);
        if (/<script|<style|\son[a-z]+\s*=/i.test(h))
          problems.push(`${where}.html: scripts and <style> are not allowed`);
        if (locale === 'ja' && /[\uff61-\uff9f]/.test(subject + text.join('') + h))
          problems.push(`${where}: half-width kana`);
      }
    }
  }
  for (const kind of Object.keys(data.templates)) {
    if (!(kind in KIND_AUDIENCES)) problems.push(`templates.${kind}: not a notification kind`);
    else
      for (const audience of Object.keys(data.templates[kind]))
        if (!(KIND_AUDIENCES[kind as MailKind] as readonly string[]).includes(audience))
          problems.push(`templates.${kind}.${audience}: not an audience of this kind`);
  }
  if (problems.length > 0) throw new MailTemplatesError(problems);
  const layout = Object.fromEntries(
    MAIL_LOCALES.map((l) => [
      l,
      { html: data.layout[l].html.join('\n'), textFooter: data.layout[l].textFooter.join('\n') },
    ]),
  ) as MailTemplates['layout'];
  return {
    layout,
    labels: data.labels,
    get(kind, audience, locale) {
      const t = data.templates[kind]?.[audience]?.[locale];
      if (!t) throw new Error(`no mail template ${kind}/${audience}/${locale}`);
      return { subject: t.subject, text: t.text.join('\n'), html: t.html.join('\n') };
    },
  };
}

let cached: MailTemplates | null = null;

/** The shipped templates, read and validated on first use. */
export function mailTemplates(): MailTemplates {
  cached ??= parseMailTemplates(JSON.parse(readFileSync(contentDir('mail', 'templates.json'), 'utf8')));
  return cached;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A value for an HTML body: escaped, line breaks kept as <br>. */
function htmlValue(s: string): string {
  return escapeHtml(s).replace(/\r\n|\r|\n/g, '<br>\n');
}

/**
 * Fills a template: sections first ({{#x}}…{{/x}} kept when x is not empty, {{^x}}…{{/x}}
 * when it is), then
 * values, in one pass each, so a value that itself contains "{{x}}" is never expanded.
 */
export function fill(
  tpl: string,
  vars: Readonly<Record<string, string>>,
  value: (s: string) => string,
): string {
  // a section tag alone on its line takes that line with it, so optional blocks leave no gaps
  const standalone = tpl.replace(/^[ \t]*(\{\{[#^/][A-Za-z][A-Za-z0-9]*\}\})[ \t]*\r?\n/gm, '$1');
  const sections = standalone.replace(
    /\{\{([#^])([A-Za-z][A-Za-z0-9]*)\}\}([\s\S]*?)\{\{\/\2\}\}/g,
    (_m, tag: string, name: string, inner: string) => ((tag === '#') === Boolean(vars[name]) ? inner : ''),
  );
  return sections.replace(/\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g, (_m, name: string) => value(vars[name] ?? ''));
}

/** One line: a subject must never carry a line break into the header. */
function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ').trim();
}

/** Renders one mail: subject and text take values as they are, HTML escapes them. */
export function renderMail(
  templates: MailTemplates,
  kind: MailKind,
  audience: Audience,
  locale: MailLocale,
  vars: Readonly<Record<string, string>>,
): RenderedMail {
  const t = templates.get(kind, audience, locale);
  const layout = templates.layout[locale];
  const subject = oneLine(fill(t.subject, vars, oneLine)).slice(0, 250);
  const layoutVars = { subject, portalUrl: vars.portalUrl ?? '' };
  const text = `${fill(t.text, vars, (s) => s)}\n${fill(layout.textFooter, layoutVars, (s) => s)}\n`;
  const content = fill(t.html, vars, htmlValue);
  const [before, after] = layout.html.split('{{{content}}}');
  const html = `${fill(before, layoutVars, htmlValue)}${content}${fill(after ?? '', layoutVars, htmlValue)}\n`;
  return { subject, text, html };
}
