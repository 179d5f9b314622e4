/**
 * The demo programme's companies (fictional) in Chiba and Saitama, their UTMs and what
 * each one's logs look like, shaped like the seed's 2019 pilot (SPEC §4): ~14 spam a
 * day per UTM with antispam, ~5.5 scans a day, unauthorized outbound communication the
 * largest item (concentrated at a few companies with infected or adware PCs), harmful
 * sites at about 8 in 10 companies, viruses rare (received mail ≫ web/FTP, a few sent),
 * usage items on the seed's shares of UTMs, and a WannaCry PC at exactly one company.
 */
import type { DailyRates, DeviceDayPlan } from './generate.js';
import { Rng } from './random.js';
import { type DemoVendor, SPAM_VENDORS } from './vendors.js';

export interface DemoDevice {
  id: string;
  vendor: DemoVendor;
  /** 'utm' for the company's UTM, 'ids' / 'router' / 'firewall' for a second device. */
  role: 'utm' | 'ids' | 'router' | 'firewall';
  /** Host name the device writes (and is registered under). */
  name: string;
  serial: string;
}

export interface DemoCompany {
  tenant: string;
  name: string;
  nameEn: string;
  prefecture: '千葉県' | '埼玉県';
  city: string;
  /** SPEC §7 industry id. */
  industry: string;
  employees: number;
  /** null for corporations without share capital (medical, welfare, chambers). */
  capitalYen: number | null;
  devices: DemoDevice[];
}

type Row = [
  tenant: string,
  name: string,
  nameEn: string,
  pref: '千葉県' | '埼玉県',
  city: string,
  industry: string,
  employees: number,
  capitalMan: number | null,
  utm: [id: string, vendor: DemoVendor, model: string],
  second?: [id: string, vendor: DemoVendor, role: DemoDevice['role']],
];

const ROWS: readonly Row[] = [
  [
    'demo-sakura-kogyo',
    'さくら工業株式会社',
    'Sakura Kogyo Co., Ltd.',
    '埼玉県',
    '川口市',
    'manufacturing',
    85,
    3000,
    ['sakura-fg60f', 'fortigate', 'FG60F'],
  ],
  [
    'demo-midori-shoten',
    '有限会社みどり商店',
    'Midori Shoten Ltd.',
    '千葉県',
    '船橋市',
    'retail',
    12,
    300,
    ['midori-pa220', 'paloalto', 'PA-220'],
  ],
  [
    'demo-aozora-clinic',
    '医療法人あおぞら会 あおぞら歯科クリニック',
    'Aozora Dental Clinic',
    '千葉県',
    '市川市',
    'medical',
    18,
    null,
    ['aozora-xgs87', 'sophos', 'XGS87'],
    ['aozora-suricata', 'suricata', 'ids'],
  ],
  [
    'demo-hinode-kensetsu',
    '日の出建設株式会社',
    'Hinode Kensetsu Co., Ltd.',
    '千葉県',
    '市原市',
    'construction',
    120,
    8000,
    ['hinode-cp1535', 'checkpoint', 'CP1535'],
  ],
  [
    'demo-kawagoe-seimitsu',
    '川越精密株式会社',
    'Kawagoe Seimitsu Co., Ltd.',
    '埼玉県',
    '川越市',
    'manufacturing',
    210,
    9500,
    ['kawagoe-fg100f', 'fortigate', 'FG100F'],
    ['kawagoe-rtx1300', 'yamaha-rtx', 'router'],
  ],
  [
    'demo-boso-suisan',
    '房総水産株式会社',
    'Boso Suisan Co., Ltd.',
    '千葉県',
    '銚子市',
    'wholesale',
    42,
    2000,
    ['boso-t45', 'watchguard', 'T45'],
  ],
  [
    'demo-tokorozawa-unyu',
    '所沢運輸株式会社',
    'Tokorozawa Unyu Co., Ltd.',
    '埼玉県',
    '所沢市',
    'transport',
    150,
    5000,
    ['tokorozawa-tz370', 'sonicwall', 'TZ370'],
  ],
  [
    'demo-kashiwa-soft',
    '株式会社柏ソフトウェア',
    'Kashiwa Software Inc.',
    '千葉県',
    '柏市',
    'software',
    35,
    1000,
    ['kashiwa-pa440', 'paloalto', 'PA-440'],
  ],
  [
    'demo-naritaya-ryokan',
    '有限会社成田屋旅館',
    'Naritaya Ryokan Ltd.',
    '千葉県',
    '成田市',
    'inn',
    24,
    500,
    ['naritaya-fg40f', 'fortigate', 'FG40F'],
  ],
  [
    'demo-chichibu-shuzo',
    '秩父酒造株式会社',
    'Chichibu Shuzo Co., Ltd.',
    '埼玉県',
    '秩父市',
    'manufacturing',
    28,
    1000,
    ['chichibu-xgs107', 'sophos', 'XGS107'],
  ],
  [
    'demo-koshigaya-denki',
    '越谷電機商会株式会社',
    'Koshigaya Denki Shokai Co., Ltd.',
    '埼玉県',
    '越谷市',
    'wholesale',
    60,
    3000,
    ['koshigaya-fg60f', 'fortigate', 'FG60F'],
  ],
  [
    'demo-makuhari-design',
    '株式会社幕張デザイン',
    'Makuhari Design Inc.',
    '千葉県',
    '千葉市',
    'services',
    9,
    300,
    ['makuhari-t25', 'watchguard', 'T25'],
  ],
  [
    'demo-urawa-kaikei',
    '税理士法人浦和会計',
    'Urawa Kaikei Tax Accountants',
    '埼玉県',
    'さいたま市',
    'services',
    14,
    500,
    ['urawa-cp1555', 'checkpoint', 'CP1555'],
  ],
  [
    'demo-matsudo-fukushi',
    '社会福祉法人まつど福祉会',
    'Matsudo Fukushikai Social Welfare Corp.',
    '千葉県',
    '松戸市',
    'medical',
    95,
    null,
    ['matsudo-fg80f', 'fortigate', 'FG80F'],
    ['matsudo-pfsense', 'pfsense', 'firewall'],
  ],
  [
    'demo-kumagaya-kozai',
    '熊谷鋼材株式会社',
    'Kumagaya Kozai Co., Ltd.',
    '埼玉県',
    '熊谷市',
    'wholesale',
    75,
    4800,
    ['kumagaya-tz470', 'sonicwall', 'TZ470'],
  ],
  [
    'demo-kisarazu-komuten',
    '有限会社木更津工務店',
    'Kisarazu Komuten Ltd.',
    '千葉県',
    '木更津市',
    'construction',
    7,
    300,
    ['kisarazu-fg40f', 'fortigate', 'FG40F'],
  ],
  [
    'demo-soka-senbei',
    '草加せんべい本舗株式会社',
    'Soka Senbei Honpo Co., Ltd.',
    '埼玉県',
    '草加市',
    'retail',
    30,
    1000,
    ['soka-xgs87', 'sophos', 'XGS87'],
  ],
  [
    'demo-ichihara-kagaku',
    '市原化学工業株式会社',
    'Ichihara Kagaku Kogyo Co., Ltd.',
    '千葉県',
    '市原市',
    'manufacturing',
    240,
    20000,
    ['ichihara-pa850', 'paloalto', 'PA-850'],
    ['ichihara-suricata', 'suricata', 'ids'],
  ],
  [
    'demo-omiya-ekimae-shika',
    '医療法人社団 大宮駅前歯科',
    'Omiya Ekimae Dental Clinic',
    '埼玉県',
    'さいたま市',
    'medical',
    11,
    null,
    ['omiya-t25', 'watchguard', 'T25'],
  ],
  [
    'demo-funabashi-butsuryu',
    '船橋物流センター株式会社',
    'Funabashi Logistics Center Co., Ltd.',
    '千葉県',
    '船橋市',
    'transport',
    130,
    6000,
    ['funabashi-fg100f', 'fortigate', 'FG100F'],
  ],
  [
    'demo-kasukabe-gomu',
    '春日部ゴム工業株式会社',
    'Kasukabe Rubber Industry Co., Ltd.',
    '埼玉県',
    '春日部市',
    'rubber',
    180,
    9000,
    ['kasukabe-cp1570', 'checkpoint', 'CP1570'],
  ],
  [
    'demo-urayasu-bay-hotel',
    '浦安ベイホテル株式会社',
    'Urayasu Bay Hotel Co., Ltd.',
    '千葉県',
    '浦安市',
    'inn',
    160,
    4500,
    ['urayasu-fg100f', 'fortigate', 'FG100F'],
  ],
  [
    'demo-ageo-seibi',
    '上尾自動車整備株式会社',
    'Ageo Auto Service Co., Ltd.',
    '埼玉県',
    '上尾市',
    'services',
    22,
    1000,
    ['ageo-tz270', 'sonicwall', 'TZ270'],
  ],
  [
    'demo-inba-farm',
    '印旛ファーム株式会社',
    'Inba Farm Co., Ltd.',
    '千葉県',
    '印西市',
    'other',
    16,
    800,
    ['inba-t25', 'watchguard', 'T25'],
  ],
  [
    'demo-kawaguchi-imono',
    '川口鋳物製作所株式会社',
    'Kawaguchi Imono Seisakusho Co., Ltd.',
    '埼玉県',
    '川口市',
    'manufacturing',
    48,
    2000,
    ['kawaguchi-fg60f', 'fortigate', 'FG60F'],
  ],
  [
    'demo-toda-insatsu',
    '戸田印刷株式会社',
    'Toda Insatsu Co., Ltd.',
    '埼玉県',
    '戸田市',
    'manufacturing',
    66,
    3000,
    ['toda-pa440', 'paloalto', 'PA-440'],
  ],
  [
    'demo-narashino-shokokai',
    '習志野市商工会',
    'Narashino Society of Commerce and Industry',
    '千葉県',
    '習志野市',
    'chamber',
    6,
    null,
    ['narashino-xgs87', 'sophos', 'XGS87'],
  ],
  [
    'demo-iruma-chaen',
    '入間茶園株式会社',
    'Iruma Chaen Co., Ltd.',
    '埼玉県',
    '入間市',
    'retail',
    8,
    500,
    ['iruma-fg40f', 'fortigate', 'FG40F'],
  ],
  [
    'demo-tateyama-kanko',
    '館山観光バス株式会社',
    'Tateyama Kanko Bus Co., Ltd.',
    '千葉県',
    '館山市',
    'transport',
    38,
    2000,
    ['tateyama-cp1535', 'checkpoint', 'CP1535'],
  ],
  [
    'demo-saitama-it',
    '株式会社さいたまITソリューションズ',
    'Saitama IT Solutions Inc.',
    '埼玉県',
    'さいたま市',
    'software',
    55,
    3000,
    ['saitama-it-fg60f', 'fortigate', 'FG60F'],
  ],
];

function serialOf(vendor: DemoVendor, model: string, i: number): string {
  const n = String(100001 + i * 7919).padStart(6, '0');
  switch (vendor) {
    case 'fortigate':
      return `FGT${model.replace(/^FG/, '')}TK23${n}`;
    case 'paloalto':
      return `0128010${n}`;
    case 'sophos':
      return `X1${n}${n.slice(0, 3)}`;
    case 'watchguard':
      return `80DA0${n}`;
    case 'sonicwall':
      return `2CB8ED${n}`;
    default:
      return `${model.toUpperCase()}-${n}`;
  }
}

export const DEMO_COMPANIES: readonly DemoCompany[] = ROWS.map((row, i) => {
  const [tenant, name, nameEn, prefecture, city, industry, employees, capitalMan, utm, second] = row;
  const devices: DemoDevice[] = [
    {
      id: utm[0],
      vendor: utm[1],
      role: 'utm',
      name: utm[0].toUpperCase(),
      serial: serialOf(utm[1], utm[2], i),
    },
  ];
  if (second)
    devices.push({
      id: second[0],
      vendor: second[1],
      role: second[2],
      name: second[0],
      serial: serialOf(second[1], second[2], i + 100),
    });
  return {
    tenant,
    name,
    nameEn,
    prefecture,
    city,
    industry,
    employees,
    capitalYen: capitalMan === null ? null : capitalMan * 10_000,
    devices,
  };
});

/** The one company with a WannaCry-infected PC (the seed's "1 company, 1 PC"). */
export const WANNACRY_TENANT = 'demo-sakura-kogyo';
/** Companies with demo logins (seed.ts DEMO_LOGINS): what a newcomer looks at first. */
const SHOWCASE_TENANTS: readonly string[] = ['demo-sakura-kogyo', 'demo-midori-shoten'];

export interface CompanyTraits {
  storage: boolean;
  remote: boolean;
  ime: boolean;
  sns: boolean;
  harmfulWeb: boolean;
  /** An adware / bot-infected PC calling out all day (most unauthorized outbound comes from these). */
  heavyC2: boolean;
}

/** Picks `k` distinct indices of `n` with a fixed seed. */
function pickIndices(r: Rng, n: number, k: number, must: readonly number[] = []): Set<number> {
  const idx = Array.from({ length: n }, (_, i) => i).filter((i) => !must.includes(i));
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return new Set([...must, ...idx.slice(0, k - must.length)]);
}

/**
 * Which companies show which usage items: the seed's shares of UTMs (online storage
 * 20/100, remote PCs 22/100, Baidu 34/100, SNS / web mail 27/100), harmful-site access at
 * about 8 companies in 10, heavy outbound C&C at a few. Fixed (seeded), so the demo reads
 * the same on every machine.
 */
export function companyTraits(
  companies: readonly DemoCompany[] = DEMO_COMPANIES,
): Map<string, CompanyTraits> {
  const n = companies.length;
  const r = new Rng(2019);
  const share = (p: number) => Math.max(1, Math.round(n * p));
  // the two demo-login companies show something in each card group
  const sakura = companies.findIndex((c) => c.tenant === 'demo-sakura-kogyo');
  const midori = companies.findIndex((c) => c.tenant === 'demo-midori-shoten');
  const must = (...xs: number[]) => xs.filter((x) => x >= 0);
  const storage = pickIndices(r, n, share(0.2), must(midori));
  const remote = pickIndices(r, n, share(0.22));
  const ime = pickIndices(r, n, share(0.34), must(sakura));
  const sns = pickIndices(r, n, share(0.27), must(sakura, midori));
  const harmful = pickIndices(r, n, share(0.8), must(sakura, midori));
  const heavy = pickIndices(r, n, Math.max(1, Math.round(n * 0.17)), []);
  const out = new Map<string, CompanyTraits>();
  companies.forEach((c, i) => {
    out.set(c.tenant, {
      storage: storage.has(i),
      remote: remote.has(i),
      ime: ime.has(i),
      sns: sns.has(i),
      harmfulWeb: harmful.has(i),
      heavyC2: heavy.has(i) && c.tenant !== WANNACRY_TENANT,
    });
  });
  return out;
}

function hashId(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Size factor: traffic grows with head count, less than linearly. */
function sizeFactor(employees: number): number {
  return Math.min(2.8, Math.max(0.5, Math.sqrt(employees / 25)));
}

export interface DevicePlan extends DeviceDayPlan {
  id: string;
  tenant: string;
  role: DemoDevice['role'];
}

/**
 * The per-device plans of the demo. `days` is the period length (for when the WannaCry
 * PC starts calling out: the last three weeks), `scale` multiplies the ordinary traffic
 * (tests use a small one; the attack and usage figures keep their seed shape).
 */
export function devicePlans(opts: { days: number; scale?: number; seed?: number }): DevicePlan[] {
  const scale = opts.scale ?? 1;
  const base = opts.seed ?? 2019;
  const traits = companyTraits();
  const plans: DevicePlan[] = [];
  DEMO_COMPANIES.forEach((c, ci) => {
    const t = traits.get(c.tenant) as CompanyTraits;
    const sf = sizeFactor(c.employees);
    const cr = new Rng(base + ci * 101);
    const lan = `192.168.${10 + ci}`;
    const hosts = Math.max(3, Math.min(200, Math.round(c.employees * 0.9)));
    const wan = `${ci % 2 ? '198.51.100' : '203.0.113'}.${100 + ci}`;
    const infectedPc = `${lan}.${20 + Math.min(hosts - 1, 13)}`;
    const virusBoost = SHOWCASE_TENANTS.includes(c.tenant) ? 10 : 1;
    // per company: how much spam its domain attracts, how busy its web use is
    const spam = 14 * (0.6 + 0.8 * cr.next());
    const web = 0.7 + 0.6 * cr.next();
    const utm: DailyRates = {
      traffic: 28 * sf * scale,
      deny: 10 + 6 * cr.next(),
      spam,
      scan: 4 + 3 * cr.next(),
      ipsIn: 5 + 6 * cr.next(),
      cnc: t.heavyC2 ? 150 + 110 * cr.next() : 1.5 * sf,
      harmfulWeb: t.harmfulWeb ? 18 * sf * web : 0,
      // seed: 29 HTTP/FTP viruses and 195 in received mail over 100 UTMs × 118 days; the two
      // companies with demo logins get a few more, so their virus charts have something to show
      virusWeb: 0.002 * virusBoost,
      virusFtp: 0.0006 * virusBoost,
      virusMailIn: 0.0165 * virusBoost,
      virusMailOut: 0.0012 * virusBoost,
      storage: t.storage ? (3 + 10 * cr.next()) * sf : 0,
      remote: t.remote ? 1 + 5 * cr.next() : 0,
      ime: t.ime ? (6 + 20 * cr.next()) * sf : 0,
      sns: t.sns ? (6 + 30 * cr.next()) * sf * web : 0,
      wannacry: c.tenant === WANNACRY_TENANT ? 45 : 0,
      wannacryFromDay: Math.max(0, opts.days - 21),
    };
    for (const d of c.devices) {
      let rates = utm;
      if (d.role === 'ids') {
        // an IDS on the LAN side: flows, attacks and C&C; DNS queries of the used services
        rates = {
          ...utm,
          traffic: 25 * sf * scale,
          deny: 4,
          spam: 0,
          harmfulWeb: 0,
          virusWeb: 0,
          virusFtp: 0,
          virusMailIn: 0,
          virusMailOut: 0,
        };
      } else if (d.role === 'router' || d.role === 'firewall') {
        rates = {
          ...zeroRates(),
          traffic: 20 * sf * scale,
          deny: 15 + 6 * cr.next(),
          scan: d.role === 'router' ? 3 : 0,
          ipsIn: d.role === 'router' ? 2 : 0,
        };
      }
      plans.push({
        id: d.id,
        tenant: c.tenant,
        role: d.role,
        vendor: d.vendor,
        seed: hashId(`${base}:${d.id}`),
        ctx: { name: d.name, serial: d.serial, lan, hosts, wan, infectedPc },
        rates,
      });
    }
  });
  // the seed's "about 14 a day per UTM": the companies differ, the programme's mean is 14
  const withSpam = plans.filter((p) => p.role === 'utm' && SPAM_VENDORS.has(p.vendor));
  const mean = withSpam.reduce((n, p) => n + p.rates.spam, 0) / Math.max(1, withSpam.length);
  for (const p of plans) p.rates = { ...p.rates, spam: (p.rates.spam * 14) / mean };
  return plans;
}

function zeroRates(): DailyRates {
  return {
    traffic: 0,
    deny: 0,
    spam: 0,
    scan: 0,
    ipsIn: 0,
    cnc: 0,
    harmfulWeb: 0,
    virusWeb: 0,
    virusFtp: 0,
    virusMailIn: 0,
    virusMailOut: 0,
    storage: 0,
    remote: 0,
    ime: 0,
    sns: 0,
    wannacry: 0,
  };
}

/** Rough expected records per device-day (for the progress total before anything is generated). */
export function expectedPerDay(p: DevicePlan): number {
  const r = p.rates;
  const office = (5 + 0.22 + 0.08) / 7;
  const inside = r.traffic + r.cnc + r.harmfulWeb + r.storage + r.remote + r.ime + r.sns;
  const scanLines = p.vendor === 'sophos' || p.vendor === 'watchguard' || p.vendor === 'pfsense' ? 13 : 1;
  const spam = SPAM_VENDORS.has(p.vendor) ? r.spam : 0;
  return inside * office + r.deny + spam + r.scan * scanLines + r.ipsIn;
}
