/**
 * The words charts and their tables use. The portal fills them from its i18n catalog (so its
 * keys stay the single source there); the server can start from `chartLabels(lang)` and pass
 * the item and channel names of content/portal.
 */
import type { ChartLang } from './types.js';

export interface ChartLabels {
  /** A monitoring item's name (content/portal items.json, or the catalog's `items.*`). */
  itemName: (item: string) => string;
  /** A virus channel's name (`mail-send`, `web`, …). */
  channelName: (channel: string) => string;
  /** A desk consultation category's name (`desk.categories.*`). */
  deskCategoryName: (category: string) => string;
  /** How a consultation came in (`desk.channels.*`). */
  deskChannelName: (channel: string) => string;
  /** Table column of bucket labels (dashboard.date). */
  date: string;
  /** dashboard.total */
  total: string;
  /** Column of counts (stats.count). */
  count: string;
  /** Column of monitoring items (events.item). */
  item: string;
  /** Column of months (stats.month). */
  month: string;
  /** virus.channel */
  channel: string;
  /** virus.cumulative */
  cumulative: string;
  /** virus.share */
  share: string;
  /** virus.family */
  family: string;
  /** A virus without a known family name (virus.unknownFamily). */
  unknownFamily: string;
  /** visibility.traffic, visibility.encryptedPart, visibility.plainPart */
  traffic: string;
  encryptedPart: string;
  plainPart: string;
  /** case.category, case.channel */
  deskCategory: string;
  deskChannel: string;
}

type Words = Omit<ChartLabels, 'itemName' | 'channelName' | 'deskCategoryName' | 'deskChannelName'>;

// The same words as the portal catalog (src/web/i18n), for callers without it (the PDF).
const WORDS: Record<ChartLang, Words> = {
  ja: {
    date: '日付',
    total: '合計',
    count: '件数',
    item: '監視項目',
    month: '月',
    channel: '通信内容',
    cumulative: '累計',
    share: '割合',
    family: 'ウイルスの種類',
    unknownFamily: '種類不明',
    traffic: '通信',
    encryptedPart: '暗号化された通信（中身は見えません）',
    plainPart: '暗号化されていない通信',
    deskCategory: '分類',
    deskChannel: '受付の方法',
  },
  en: {
    date: 'Date',
    total: 'Total',
    count: 'Count',
    item: 'Item',
    month: 'Month',
    channel: 'Channel',
    cumulative: 'Cumulative',
    share: 'Share',
    family: 'Virus family',
    unknownFamily: 'Unknown family',
    traffic: 'Traffic',
    encryptedPart: 'Encrypted (content not seen)',
    plainPart: 'Not encrypted',
    deskCategory: 'Category',
    deskChannel: 'Received by',
  },
};

const asIs = (id: string) => id;

/** The default words in `lang`; names fall back to their ids unless given. */
export function chartLabels(lang: ChartLang, overrides: Partial<ChartLabels> = {}): ChartLabels {
  return {
    itemName: asIs,
    channelName: asIs,
    deskCategoryName: asIs,
    deskChannelName: asIs,
    ...WORDS[lang],
    ...overrides,
  };
}

/** What every builder needs besides its data. */
export interface ChartContext {
  lang: ChartLang;
  labels: ChartLabels;
}
