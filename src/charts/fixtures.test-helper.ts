/** Shared test data: the shapes the portal API and the server views produce. */
import { type ChartContext, chartLabels } from './labels.js';
import type { ChartLang } from './types.js';

const NAMES: Record<ChartLang, Record<string, string>> = {
  ja: {
    recon: '外部からの偵察行為',
    virus: 'ウイルス',
    spam: 'スパムメール',
    'mail-send': 'メール送信',
    'mail-receive': 'メール受信',
    web: 'ウェブアクセス',
    ftp: 'FTPアクセス',
    other: 'その他',
  },
  en: {
    recon: 'Reconnaissance',
    virus: 'Viruses',
    spam: 'Spam',
    'mail-send': 'Mail sent',
    'mail-receive': 'Mail received',
    web: 'Web',
    ftp: 'FTP',
    other: 'Other',
  },
};

export function ctxOf(lang: ChartLang): ChartContext {
  const name = (id: string) => NAMES[lang][id] ?? id;
  return {
    lang,
    labels: chartLabels(lang, {
      itemName: name,
      channelName: name,
      deskCategoryName: (c) => `${lang}:cat:${c}`,
      deskChannelName: (c) => `${lang}:ch:${c}`,
    }),
  };
}

// Three days from 1 April 2026 in Japan (00:00 JST = 15:00 UTC the day before), as the API sends them.
export const DAYS_ISO = ['2026-03-31T15:00:00.000Z', '2026-04-01T15:00:00.000Z', '2026-04-02T15:00:00.000Z'];
// The same bucket starts as the server view carries them.
export const DAYS_MS = DAYS_ISO.map((d) => Date.parse(d));

export const TREND = {
  bucket: 'day',
  buckets: DAYS_ISO,
  series: { recon: [3, 0, 5], virus: [1, 2, 0], spam: [0, 0, 0] },
};

export const VIRUS = {
  bucket: 'day',
  buckets: DAYS_MS,
  byChannelOverTime: {
    'mail-send': [0, 1, 0],
    'mail-receive': [2, 0, 1],
    web: [1, 1, 1],
    ftp: [0, 0, 0],
    other: [0, 0, 0],
  },
  byChannel: { 'mail-send': 1, 'mail-receive': 3, web: 3, ftp: 0, other: 0 },
  byChannelCumulative: {
    'mail-send': [0, 1, 1],
    'mail-receive': [2, 2, 3],
    web: [1, 2, 3],
    ftp: [0, 0, 0],
    other: [0, 0, 0],
  },
  byFamily: [
    { family: 'Emotet', n: 4 },
    { family: 'unknown', n: 3 },
  ],
};

export const EMPTY_VIRUS = {
  bucket: 'day',
  buckets: [],
  byChannelOverTime: {},
  byChannel: {},
  byFamily: [],
};

export const MONTHS = {
  months: ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04'],
  items: [
    { item: 'recon', counts: [120, 98, 143, 110, 87, 91, 130] },
    { item: 'virus', counts: [0, 1, 0, 2, 0, 0, 1] },
    { item: 'spam', counts: [3400, 3100, 2900, 3800, 3300, 3050, 2980] },
  ],
};

export const DESK = {
  total: 5,
  byCategory: { virus: 2, 'suspicious-mail': 3 },
  byChannel: { phone: 4, mail: 1 },
};
