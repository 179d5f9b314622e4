/** The programme report CSV: shape, known figures, Excel safety, no company anywhere. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../test/helpers/accounts.js';
import { programmeReportCsv } from './csv.js';
import { EVENTS, FROM, NOW, SECRETS, seedProgramme, TO } from './fixture.test-helper.js';
import { gatherProgrammeReport } from './gather.js';
import type { ProgrammeReportData } from './model.js';

/** RFC 4180 lines → cells (quoted cells may hold commas; none of ours hold line breaks). */
function parse(csv: string): string[][] {
  return csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((l) => l !== '')
    .map((line) => {
      const cells: string[] = [];
      let cur = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (quoted) {
          if (ch === '"' && line[i + 1] === '"') {
            cur += '"';
            i++;
          } else if (ch === '"') quoted = false;
          else cur += ch;
        } else if (ch === '"') quoted = true;
        else if (ch === ',') {
          cells.push(cur);
          cur = '';
        } else cur += ch;
      }
      cells.push(cur);
      return cells;
    });
}

describe('programme report CSV', () => {
  let t: TestApp;
  let ja: ProgrammeReportData;
  let en: ProgrammeReportData;

  beforeAll(async () => {
    t = await openTestApp({ events: EVENTS, now: NOW });
    await seedProgramme(t);
    ja = await gatherProgrammeReport(t, { from: FROM, to: TO, lang: 'ja', now: NOW });
    en = await gatherProgrammeReport(t, { from: FROM, to: TO, lang: 'en', now: NOW });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is UTF-8 with a BOM and CRLF lines, one header, the same columns on every row', () => {
    const csv = programmeReportCsv(ja);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parse(csv);
    expect(rows[0]).toEqual([
      '区分',
      'コード',
      '項目',
      '内訳',
      '値',
      '単位',
      'UTM台数',
      '全UTM台数',
      '社数',
      '全社数',
      '割合',
      '説明',
      '期間（開始）',
      '期間（終了）',
    ]);
    for (const r of rows) expect(r).toHaveLength(14);
    // every code is unique: a spreadsheet can look a figure up by it
    const codes = rows.slice(1).map((r) => `${r[1]}|${r[3]}`);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(
      new Set(['調査対象', '監視項目', '業務外のサービス利用', '脅威シナリオ', '窓口', '月別']),
    );
  });

  it('holds the seed’s table: per item the total, the period and the number of UTMs', () => {
    const rows = parse(programmeReportCsv(ja));
    const by = (code: string) => rows.find((r) => r[1] === code);
    expect(by('monitoring.spam')).toEqual([
      '監視項目',
      'monitoring.spam',
      '迷惑メール（スパム）',
      '発生件数（合計）',
      '7',
      '件',
      '3',
      '4',
      '3',
      '3',
      '0.75',
      'アンチスパム、社員教育 等',
      '2025-12-01',
      '2026-01-31',
    ]);
    expect(by('monitoring.virus-mail')?.slice(2, 8)).toEqual([
      '受信メールに含まれるウイルス',
      '発生件数（合計）',
      '1',
      '件',
      '1',
      '4',
    ]);
    expect(by('monitoring.intrusion-inbound.stopped')?.[4]).toBe('0');
    // usage: seen on 3 of 4 UTMs, at 2 of 3 companies
    expect(by('usage.online-storage')?.slice(4, 11)).toEqual(['4', '件', '3', '4', '2', '3', '0.75']);
    expect(by('scope.utms.reporting')?.[4]).toBe('4');
    expect(by('scope.utms.registered')?.[4]).toBe('5');
    expect(by('scope.days')?.slice(4, 6)).toEqual(['62', '']);
  });

  it('holds the scenario levels, the desk and the months', () => {
    const rows = parse(programmeReportCsv(ja));
    const by = (code: string) => rows.find((r) => r[1] === code);
    expect(by('scenario.ransomware')?.slice(2, 11)).toEqual([
      'ランサムウェアによる被害',
      '「中」以上の会社',
      '3',
      '社',
      '',
      '',
      '3',
      '3',
      '1',
    ]);
    expect(by('scenario.ransomware')?.[11]).toMatch(/^頻度：低／影響度：高 高：/);
    expect(by('scenario.insider-leak.level.low')?.slice(3, 5)).toEqual(['低', '1']);
    expect(by('scenario.targeted-attack.evidence.virus.mail-receive')?.[4]).toBe('1');
    expect(by('scenario.ransomware.family.wannacry')?.[4]).toBe('1');
    expect(by('scenario.any')?.[4]).toBe('3');
    expect(by('desk.consultations')?.[4]).toBe('3');
    expect(by('desk.consultations.category.suspicious-mail')?.slice(3, 6)).toEqual([
      '不審なメール',
      '1',
      '件',
    ]);
    expect(by('desk.dispatches.on-site-median')?.slice(4, 6)).toEqual(['90', '分']);
    // no answer yet: an empty cell, not 0
    expect(by('desk.first-response.median')?.slice(4, 6)).toEqual(['', '']);
    expect(by('desk.claims.claimed')?.slice(4, 6)).toEqual(['55000', '円']);
    const jan = rows.filter((r) => r[1] === 'monthly.spam');
    expect(jan.map((r) => [r[3], r[4], r[6], r[12], r[13]])).toEqual([
      ['2025-12', '2', '2', '2025-12-01', '2025-12-31'],
      ['2026-01', '5', '4', '2026-01-01', '2026-01-31'],
    ]);
  });

  it('has English headers and texts in English', () => {
    const rows = parse(programmeReportCsv(en));
    expect(rows[0].slice(0, 6)).toEqual(['section', 'code', 'item', 'detail', 'value', 'unit']);
    expect(rows.find((r) => r[1] === 'monitoring.spam')?.slice(0, 3)).toEqual([
      'monitoring',
      'monitoring.spam',
      'Spam mail',
    ]);
  });

  it('names no company, device, address or user', () => {
    for (const csv of [programmeReportCsv(ja), programmeReportCsv(en)])
      for (const s of SECRETS) expect(csv).not.toContain(s);
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    const evil = structuredClone(ja);
    evil.desk.consultations.byCategory = [{ id: 'x', label: '=HYPERLINK("http://evil.example")', n: 1 }];
    const csv = programmeReportCsv(evil);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
  });
});
