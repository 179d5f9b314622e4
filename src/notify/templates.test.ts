import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentDir } from '../core/paths.js';
import { formatDateTime, formatEnd, normalizePortalUrl, PORTAL_PATHS } from './format.js';
import {
  fill,
  KIND_AUDIENCES,
  MAIL_LOCALES,
  type MailKind,
  MailTemplatesError,
  mailTemplates,
  parseMailTemplates,
  renderMail,
  variablesOf,
} from './templates.js';

const raw = (): Record<string, unknown> =>
  JSON.parse(readFileSync(contentDir('mail', 'templates.json'), 'utf8')) as Record<string, unknown>;

// "{{injected}}" is not a variable: a value that looks like a placeholder must stay literal
const HOSTILE = '<script>alert("x")</script> & {{injected}}';

/** Sample values: every variable set, one of them hostile. */
function sample(kind: MailKind, hostile: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const v of variablesOf(kind)) vars[v] = `v-${v}`;
  vars.portalUrl = 'https://portal.example.jp';
  vars.link = 'https://portal.example.jp/desk/cases/c1?a=1&b=2';
  vars[hostile] = HOSTILE;
  return vars;
}

describe('content/mail/templates.json', () => {
  it('has every kind and audience in Japanese and English', () => {
    const t = mailTemplates();
    for (const [kind, audiences] of Object.entries(KIND_AUDIENCES))
      for (const audience of audiences)
        for (const locale of MAIL_LOCALES) {
          const m = t.get(kind as MailKind, audience, locale);
          expect(m.subject.length, `${kind} ${audience} ${locale}`).toBeGreaterThan(5);
          expect(m.text.length).toBeGreaterThan(20);
          expect(m.html.length).toBeGreaterThan(20);
        }
  });

  it('renders every template with sample values: nothing left over, values escaped in HTML', () => {
    const t = mailTemplates();
    let rendered = 0;
    for (const [kind, audiences] of Object.entries(KIND_AUDIENCES) as [
      MailKind,
      readonly ('company' | 'staff')[],
    ][])
      for (const audience of audiences)
        for (const locale of MAIL_LOCALES) {
          // each variable in turn carries the hostile value, so every slot is checked
          for (const hostile of variablesOf(kind).filter((v) => v !== 'link' && v !== 'portalUrl')) {
            const where = `${kind}/${audience}/${locale} with ${hostile}`;
            const m = renderMail(t, kind, audience, locale, sample(kind, hostile));
            rendered++;
            for (const part of [m.subject, m.text, m.html])
              expect(part.replaceAll('{{injected}}', ''), where).not.toMatch(/\{\{|\}\}/);
            expect(m.html, where).not.toContain('<script');
            if (m.html.includes('alert('))
              expect(m.html, where).toContain('&lt;script&gt;alert(&quot;x&quot;)');
            expect(m.subject, where).not.toMatch(/[\r\n]/);
            expect(m.text, where).toContain('https://portal.example.jp');
            expect(m.html, where).toContain('href="https://portal.example.jp/desk/cases/c1?a=1&amp;b=2"');
            expect(m.html, where).toMatch(/^<!DOCTYPE html>/);
            expect(m.html, where).toContain(`<html lang="${locale}">`);
          }
        }
    expect(rendered).toBeGreaterThan(100);
  });

  it('writes to the company in plain, polite Japanese', () => {
    const t = mailTemplates();
    const alert = t.get('alert-new', 'company', 'ja');
    expect(alert.text).toContain(
      '{{^explain}}あなたの会社のネットワークで、注意が必要な通信が見つかりました。{{/explain}}',
    );
    expect(alert.text).toContain('電源は切らずに');
    for (const kind of Object.keys(KIND_AUDIENCES) as MailKind[]) {
      if (!KIND_AUDIENCES[kind].includes('company')) continue;
      const c = t.get(kind, 'company', 'ja');
      expect(c.text, kind).toContain('{{name}} 様');
      expect(c.text, kind).toMatch(/ます。|ください。/);
      // the owner is not asked to know desk jargon
      expect(c.text, kind).not.toMatch(/ルール|ruleId|SLA|エスカレ|IOC|C2|C&C/);
    }
  });

  it("a company alert uses the rule's plain explanation when there is one, else a general sentence", () => {
    const t = mailTemplates();
    const general = 'あなたの会社のネットワークで、注意が必要な通信が見つかりました。';
    const vars = { ...sample('alert-new', 'title'), explain: '' };
    expect(renderMail(t, 'alert-new', 'company', 'ja', vars).text).toContain(general);
    const explained = renderMail(t, 'alert-new', 'company', 'ja', {
      ...vars,
      explain: '外部の不審なサーバーへの通信です。',
    });
    expect(explained.text).toContain('外部の不審なサーバーへの通信です。');
    expect(explained.text).not.toContain(general);
    expect(explained.html).toContain('外部の不審なサーバーへの通信です。');
  });

  it('optional parts vanish without leaving empty lines', () => {
    const t = mailTemplates();
    const vars = sample('case-updated', 'title');
    const onlyStatus = renderMail(t, 'case-updated', 'company', 'ja', {
      ...vars,
      message: '',
      status: 'waiting',
      statusLabel: 'お客さまのご返答待ち',
      statusText: '返信してください。',
    });
    expect(onlyStatus.text).toContain('いまの状況: お客さまのご返答待ち');
    expect(onlyStatus.text).not.toContain('担当者からのメッセージ');
    expect(onlyStatus.text).not.toMatch(/\n\n\n/);
    const onlyMessage = renderMail(t, 'case-updated', 'company', 'ja', {
      ...vars,
      status: '',
      statusLabel: '',
      statusText: '',
      message: '一行目\n<b>二行目</b>',
    });
    expect(onlyMessage.text).not.toContain('いまの状況');
    expect(onlyMessage.text).toContain('一行目\n<b>二行目</b>');
    expect(onlyMessage.html).toContain('一行目<br>\n&lt;b&gt;二行目&lt;/b&gt;');
    expect(onlyMessage.text).not.toMatch(/\n\n\n/);
  });

  it('reports every problem of a broken file, with its place', () => {
    const file = raw() as {
      templates: Record<
        string,
        Record<string, Record<string, { subject: string; text: string[]; html: string[] }>>
      >;
    };
    file.templates['alert-new'].company.ja.subject = '{{compnay}} {{#title}}';
    file.templates['case-created'].staff.en.html.push('<script>x()</script>');
    delete file.templates['dispatch-reported'].company;
    file.templates['dispatch-reported'].staff = file.templates['case-created'].staff;
    try {
      parseMailTemplates(file);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MailTemplatesError);
      const problems = (e as MailTemplatesError).problems.join('\n');
      expect(problems).toContain('templates.alert-new.company.ja.subject: unknown placeholder {{compnay}}');
      expect(problems).toContain('templates.alert-new.company.ja.subject: section {{title}} is not closed');
      expect(problems).toContain('templates.case-created.staff.en.html: scripts and <style> are not allowed');
      expect(problems).toContain('templates.dispatch-reported.company: missing');
      expect(problems).toContain('templates.dispatch-reported.staff: not an audience of this kind');
    }
    expect(() => parseMailTemplates({ ...raw(), extra: 1 })).toThrow(/extra/);
  });
});

describe('fill', () => {
  it('expands sections, keeps values literal', () => {
    expect(fill('a {{#x}}[{{x}}]{{/x}} b', { x: '{{y}}', y: 'no' }, (s) => s)).toBe('a [{{y}}] b');
    expect(fill('a {{#x}}[{{x}}]{{/x}} b', { x: '' }, (s) => s)).toBe('a  b');
    expect(fill('1\n{{#x}}\n2\n{{/x}}\n3', { x: '' }, (s) => s)).toBe('1\n3');
    expect(fill('1\n{{#x}}\n2\n{{/x}}\n3', { x: 'y' }, (s) => s)).toBe('1\n2\n3');
    expect(fill('{{#x}}[{{x}}]{{/x}}{{^x}}none{{/x}}', { x: '' }, (s) => s)).toBe('none');
    expect(fill('{{#x}}[{{x}}]{{/x}}{{^x}}none{{/x}}', { x: 'a' }, (s) => s)).toBe('[a]');
  });
});

describe('format', () => {
  it('shows Japan time in both languages', () => {
    const start = Date.UTC(2026, 3, 1, 1, 0); // 10:00 JST
    expect(formatDateTime(start, 'ja')).toBe('2026年4月1日(水) 10:00');
    expect(formatDateTime(start, 'en')).toBe('Wed, 1 Apr 2026, 10:00 JST');
    expect(formatEnd(start, start + 2 * 3_600_000, 'ja')).toBe('12:00');
    expect(formatEnd(start, start + 24 * 3_600_000, 'ja')).toBe('2026年4月2日(木) 10:00');
  });

  it('keeps ids inside their path segment and portal URLs http(s)', () => {
    expect(PORTAL_PATHS.companyCase('alpha-kogyo', '../x?y')).toBe(
      '/companies/alpha-kogyo/consultations/..%2Fx%3Fy',
    );
    expect(normalizePortalUrl('https://portal.example.jp/')).toBe('https://portal.example.jp');
    expect(normalizePortalUrl('https://example.jp/otasuke/')).toBe('https://example.jp/otasuke');
    expect(() => normalizePortalUrl('javascript:alert(1)')).toThrow();
  });
});
