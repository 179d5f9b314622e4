/**
 * The demo's desk, written once after the demo logs are in (so the alerts raised by the
 * rules exist): every company's simple cyber-insurance policy, a few cases in the states
 * a desk really has (the WannaCry PC escalated, visited and claimed; a suspicious mail
 * waiting for the customer; a lost PC nobody has picked up yet; an EICAR test closed as
 * benign), and the SOC's past work: alerts quiet for two weeks are closed. Goes through
 * the desk's own commands, so timelines, numbers and SLA fields are what the desk writes.
 */
import type { Principal } from '../accounts/model.js';
import { closeAlert, escalateAlerts } from '../desk/alerts-commands.js';
import { type AlertRow, getAlert } from '../desk/alerts-repo.js';
import { addNote, changeStatus, createCase, createConsultation } from '../desk/cases-commands.js';
import { type CaseRow, getCase } from '../desk/cases-repo.js';
import { addItem, createClaim, patchClaim, setDocument } from '../desk/claims-commands.js';
import { getClaim } from '../desk/claims-repo.js';
import { createDispatch, fileReport, moveDispatch, signOffDispatch } from '../desk/dispatch-commands.js';
import { getDispatch } from '../desk/dispatch-repo.js';
import { createPolicy } from '../desk/policies-commands.js';
import type { StateDb } from '../storage/state/state-db.js';
import { DEMO_COMPANIES, WANNACRY_TENANT } from './companies.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SEEDED_KEY = 'demo.desk_seeded';
/** Alerts whose last event is older than this are closed by the demo SOC. */
const QUIET_CLOSE_MS = 14 * DAY;

export interface DeskStaff {
  agent: { id: string; name: string };
  analyst: { id: string; name: string };
  engineer: { id: string; name: string };
}

function actor(u: { id: string; name: string }, role: Principal['role']): Principal {
  return { userId: u.id, login: u.id, name: u.name, role, tenant: null, via: 'session', assigned: [] };
}

function companyActor(id: string, name: string, tenant: string): Principal {
  return { userId: id, login: id, name, role: 'company-admin', tenant, via: 'session', assigned: [] };
}

/** Japan calendar date of an instant. */
function jstDate(ms: number): string {
  return new Date(ms + 9 * HOUR).toISOString().slice(0, 10);
}

async function mustCase(db: StateDb, tenant: string, id: string): Promise<CaseRow> {
  const c = await getCase(db, tenant, id);
  if (!c) throw new Error(`demo desk: case ${id} vanished`);
  return c;
}

/** True once the desk demo is written (a restart must not add it twice). */
export async function deskSeeded(db: StateDb): Promise<boolean> {
  const r = await db.selectFrom('settings').select('value').where('key', '=', SEEDED_KEY).executeTakeFirst();
  return r !== undefined;
}

export async function seedDemoDesk(db: StateDb, staff: DeskStaff, endMs: number): Promise<void> {
  if (await deskSeeded(db)) return;
  const agent = actor(staff.agent, 'agent');
  const analyst = actor(staff.analyst, 'analyst');
  const engineer = actor(staff.engineer, 'engineer');

  // Every participant has the programme's simple cyber insurance for first-response costs.
  const year = jstDate(endMs).slice(0, 4);
  // one year of cover that began half a year ago, so every demo incident falls inside it
  const periodStart = jstDate(endMs - 180 * DAY);
  const periodEnd = jstDate(endMs - 180 * DAY + 364 * DAY);
  const policies = new Map<string, string>();
  for (const [i, c] of DEMO_COMPANIES.entries()) {
    const p = await createPolicy(
      db,
      c.tenant,
      {
        insurer: 'おたすけ損害保険（架空）',
        policyNumber: `OTS-${year}-${String(i + 1).padStart(4, '0')}`,
        product: 'サイバー初動対応費用保険（簡易型）',
        limitTotalYen: 3_000_000,
        limitPerIncidentYen: 1_000_000,
        deductibleYen: 0,
        covered: ['dispatch', 'investigation', 'recovery'],
        periodStart,
        periodEnd,
        insurerContact: '事故受付 0120-000-000（架空）',
        notes: null,
      },
      endMs - 200 * DAY,
    );
    policies.set(c.tenant, p.id);
  }

  await wannacryCase(db, { agent, analyst, engineer }, policies.get(WANNACRY_TENANT) ?? null, endMs);

  // A suspicious mail from the web form, the desk waiting for the company to forward it.
  const midori = 'demo-midori-shoten';
  const t1 = endMs - 26 * HOUR;
  const mail = await createConsultation(
    db,
    companyActor('demo-midori-viewer', '緑川 花子', midori),
    midori,
    {
      whatHappened:
        '取引先を名乗るメールに「請求書」というZIPファイルが付いていました。開いてはいませんが、ほかの社員にも届いているようです。',
      title: '取引先を名乗る不審なメールが届いた',
      urgency: 'today',
      category: 'suspicious-mail',
      occurredAt: t1 - 2 * HOUR,
      affectedHost: null,
      contactName: '緑川 花子',
      contactPhone: '048-000-0000',
    },
    t1,
  );
  await changeStatus(db, agent, await mustCase(db, midori, mail.id), { status: 'triage' }, t1 + 20 * 60_000);
  await addNote(
    db,
    agent,
    await mustCase(db, midori, mail.id),
    {
      body: 'ご連絡ありがとうございます。添付ファイルは開かずにそのままにしてください。届いたメールを「添付ファイルとして」 desk@example.jp へ転送していただけますか。届いた社員の方のお名前も教えてください。',
      visibility: 'company',
    },
    t1 + 25 * 60_000,
  );
  await changeStatus(db, agent, await mustCase(db, midori, mail.id), { status: 'waiting' }, t1 + 26 * 60_000);

  // A lost notebook PC reported by phone an hour ago: nobody has picked it up yet.
  const lost = DEMO_COMPANIES[5]?.tenant ?? midori;
  await createCase(
    db,
    agent,
    {
      tenant: lost,
      title: '営業用ノートPCを電車内に置き忘れた',
      description:
        '営業担当が帰宅途中の電車にノートPCを置き忘れた。顧客名簿のExcelが入っている。PCにはログインパスワードあり、ディスク暗号化は不明。',
      category: 'lost-device',
      channel: 'phone',
      priority: 'high',
      template: 'lost-device',
      reporterName: '総務担当',
      reporterContact: '電話で受付',
    },
    endMs - HOUR,
  );

  await closeEicar(db, analyst, endMs);
  await closeQuietAlerts(db, analyst, endMs);

  await db.insertInto('settings').values({ key: SEEDED_KEY, value: 'true', updated_at: endMs }).execute();
}

/** The seed's story: one PC at 桜工業 calls WannaCry's C&C; escalated, visited, claimed. */
async function wannacryCase(
  db: StateDb,
  who: { agent: Principal; analyst: Principal; engineer: Principal },
  policyId: string | null,
  endMs: number,
): Promise<void> {
  const tenant = WANNACRY_TENANT;
  const row = await db
    .selectFrom('desk_alerts')
    .select('id')
    .where('tenant', '=', tenant)
    .where('rule_id', '=', 'ransomware-cnc')
    .orderBy('first_seen_at')
    .executeTakeFirst();
  const alert = row ? await getAlert(db, tenant, row.id) : undefined;
  // the desk noticed it within the hour of the first call home
  const t0 = Math.min(endMs - 10 * DAY, (alert?.first_seen_at ?? endMs - 10 * DAY) + 40 * 60_000);
  let kase: CaseRow;
  if (alert && (alert.status === 'new' || alert.status === 'acknowledged')) {
    kase = (await escalateAlerts(db, who.analyst, [alert as AlertRow], { priority: 'critical' }, t0)).kase;
  } else {
    kase = await createCase(
      db,
      who.analyst,
      {
        tenant,
        title: '社内PCがランサムウェアの指令サーバーと通信',
        description: 'WannaCry の指令サーバーへの通信を UTM が検知・遮断。',
        category: 'ransomware',
        channel: 'phone',
        priority: 'critical',
      },
      t0,
    );
  }
  const c = () => mustCase(db, tenant, kase.id);
  await changeStatus(db, who.analyst, await c(), { status: 'in-progress' }, t0 + 10 * 60_000);
  await addNote(
    db,
    who.analyst,
    await c(),
    {
      body: '社内のPC 1台が、ランサムウェア（WannaCry）の指令サーバーと通信しようとしているのをUTMが止めました。念のため、そのPCのLANケーブルを抜いてください（電源は切らないでください）。これから技術者がうかがいます。',
      visibility: 'company',
    },
    t0 + 15 * 60_000,
  );
  const start = t0 + 3 * HOUR;
  const ctx = (actor: Principal, now: number) => ({ db, actor, now });
  const d = await createDispatch(ctx(who.agent, t0 + 20 * 60_000), await c(), {
    reason: '感染が疑われるPCの隔離と調査、駆除',
    siteAddress: '千葉県千葉市中央区（架空）1-2-3 桜工業 事務所2階',
    siteContact: '桜井 健一（代表） 043-000-0000',
    engineerId: who.engineer.userId,
    scheduledStart: start,
    scheduledEnd: start + 3 * HOUR,
  });
  const id = d.dispatch.id;
  const disp = async () => {
    const r = await getDispatch(db, tenant, id);
    if (!r) throw new Error('demo desk: dispatch vanished');
    return r;
  };
  await moveDispatch(ctx(who.engineer, start - 50 * 60_000), await disp(), {
    status: 'en-route',
    at: start - 50 * 60_000,
  });
  await moveDispatch(ctx(who.engineer, start), await disp(), { status: 'on-site', at: start });
  await fileReport(ctx(who.engineer, start + 2.5 * HOUR), await disp(), {
    findings:
      '事務所のPC（経理用）1台に WannaCry の痕跡を確認。共有フォルダのファイルは暗号化されていなかった。Windows の更新が1年以上止まっていた。',
    actionsTaken:
      'PCをネットワークから切り離し、ウイルス対策ソフトで駆除。Windows Update を適用し、ほかのPC 6台を検査（感染なし）。',
    advice:
      'Windows の自動更新を止めないでください。古いPCは買い替えを検討してください。大事なファイルはネットワークから切り離した場所にもバックアップしましょう。',
    departedAt: start - 50 * 60_000,
    arrivedAt: start,
    leftAt: start + 2.5 * HOUR,
    returnedAt: start + 3.3 * HOUR,
  });
  await signOffDispatch(
    ctx(companyActor('demo-sakura-admin', '桜井 健一', tenant), start + 2.6 * HOUR),
    await disp(),
    { name: '桜井 健一', comment: '迅速に来ていただき助かりました。' },
    'company',
  );
  await changeStatus(
    db,
    who.analyst,
    await c(),
    {
      status: 'resolved',
      resolution:
        '感染したPCを駆除・更新し、ほかのPCに感染がないことを確認しました。以後、指令サーバーへの通信は止まっています。',
    },
    start + 5 * HOUR,
  );
  if (!policyId) return;
  const cctx = (now: number) => ({ db, actor: who.agent, now });
  const claim = await createClaim(cctx(start + DAY), await c(), {
    policyId,
    incidentDate: jstDate(t0),
    notes: '初動対応費用（駆け付け・調査）の請求',
  });
  const cid = claim.claim.id;
  const cl = async () => {
    const r = await getClaim(db, tenant, cid);
    if (!r) throw new Error('demo desk: claim vanished');
    return r;
  };
  await addItem(cctx(start + DAY), await cl(), { kind: 'dispatch', amountYen: 55_000, dispatchId: id });
  await addItem(cctx(start + DAY), await cl(), {
    kind: 'investigation',
    description: '感染PCの調査と他端末の検査',
    amountYen: 330_000,
    incurredOn: jstDate(start),
  });
  await setDocument(cctx(start + DAY), await cl(), 'visit-report', {
    status: 'attached',
    note: '訪問報告書（ポータル）',
  });
  await setDocument(cctx(start + DAY), await cl(), 'police-report', { status: 'not-needed', note: null });
  await patchClaim(cctx(start + 2 * DAY), await cl(), { status: 'submitted', submittedAt: start + 2 * DAY });
}

/** An EICAR test file mailed on purpose: the analyst closes the alert as benign. */
async function closeEicar(db: StateDb, analyst: Principal, endMs: number): Promise<void> {
  const row = await db
    .selectFrom('desk_alerts')
    .select(['id', 'tenant'])
    .where('rule_id', '=', 'virus-in-mail')
    .where('status', '=', 'new')
    .orderBy('last_seen_at', 'desc')
    .executeTakeFirst();
  const a = row ? await getAlert(db, row.tenant, row.id) : undefined;
  if (a)
    await closeAlert(
      db,
      analyst,
      a,
      'benign',
      'お客様に確認: ウイルス対策の動作確認で送ったテストメールでした。',
      endMs - 2 * HOUR,
    );
}

/** The SOC's past work: alerts with nothing new for two weeks were looked at and closed. */
async function closeQuietAlerts(db: StateDb, analyst: Principal, endMs: number): Promise<void> {
  const quiet = await db
    .selectFrom('desk_alerts')
    .select(['id', 'tenant', 'last_seen_at'])
    .where('status', 'in', ['new', 'acknowledged'])
    .where('last_seen_at', '<', endMs - QUIET_CLOSE_MS)
    .execute();
  for (const q of quiet) {
    const a = await getAlert(db, q.tenant, q.id);
    if (a)
      await closeAlert(
        db,
        analyst,
        a,
        'resolved',
        'UTMで遮断済み。その後の発生なし。',
        Math.min(endMs, q.last_seen_at + 2 * DAY),
      );
  }
}
