/**
 * Case attachments: staff upload to a case they can read (internal or company-visible),
 * the company's admin uploads to its own case (company-visible), and a download goes to
 * staff who can read the case and to the company for its company-visible files.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditChange, auditCompanyRead } from '../accounts/audit.js';
import type { Principal } from '../accounts/model.js';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { principalOf, requireOperator } from '../api/guard.js';
import { validate } from '../api/validate.js';
import {
  acceptAttachment,
  discardAttachment,
  type ReceivedFile,
  receiveAttachment,
  sendAttachment,
} from './attachments.js';
import { companyCase, requireCompanyAdmin } from './case-company-routes.js';
import { companyObjectParams, objectIdParams } from './case-model.js';
import {
  type AttachmentRow,
  attachmentBytes,
  type CaseRow,
  canReadCase,
  getAttachment,
  getCase,
  insertAttachment,
  loadCaseFor,
} from './cases-repo.js';
import { CASE_ATTACHMENTS_MAX_BYTES, VISIBILITIES, type Visibility } from './model.js';
import { presentAttachment } from './present.js';
import { appendTimeline } from './timeline.js';

export async function caseFilesRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { db, audit } = deps;
  const now = deps.now ?? Date.now;

  function folder(): string {
    if (!deps.attachmentsDir)
      throw new ApiError(
        503,
        'attachments-unavailable',
        'this server keeps no attachments (no attachments folder)',
      );
    return deps.attachmentsDir;
  }

  /** Receives the file, checks the case's total and files it on the case. */
  async function upload(
    req: FastifyRequest,
    p: Principal,
    row: CaseRow,
    visibility: (fields: Record<string, string>) => Visibility,
  ): Promise<AttachmentRow> {
    const dir = folder();
    const f: ReceivedFile = await receiveAttachment(req, dir, row.tenant);
    try {
      const vis = visibility(f.fields);
      const at = now();
      const a: AttachmentRow = {
        id: f.id,
        case_id: row.id,
        tenant: row.tenant,
        file_name: f.fileName,
        content_type: f.contentType,
        size: f.size,
        sha256: f.sha256,
        visibility: vis,
        uploaded_by: p.userId,
        created_at: at,
      };
      await db.transaction().execute(async (trx) => {
        if ((await attachmentBytes(trx, row.tenant, row.id)) + f.size > CASE_ATTACHMENTS_MAX_BYTES)
          throw new ApiError(413, 'too-large', 'all files of a case may be at most 50 MiB');
        await insertAttachment(trx, a);
        await appendTimeline(
          trx,
          row.tenant,
          row.id,
          p,
          {
            kind: 'attachment',
            visibility: vis,
            detail: { attachmentId: a.id, fileName: a.file_name, size: a.size },
          },
          at,
        );
        // the file gets its real name only once its row is written: no row, no file
        await acceptAttachment(f);
      });
      await auditChange(audit, req, {
        action: 'desk.case.attachment.add',
        tenant: row.tenant,
        target: row.id,
        detail: {
          attachmentId: a.id,
          fileName: a.file_name,
          size: a.size,
          sha256: a.sha256,
          visibility: vis,
        },
      });
      return a;
    } catch (e) {
      await discardAttachment(f);
      throw e;
    }
  }

  app.post('/api/desk/cases/:id/attachments', async (req, reply) => {
    const p = requireOperator(req);
    const { id } = validate(objectIdParams, req.params, 'params');
    const row = await loadCaseFor(req, deps, id, 'read');
    const a = await upload(req, p, row, (fields) => {
      const v = fields.visibility ?? 'internal';
      if (!(VISIBILITIES as readonly string[]).includes(v))
        throw new ApiError(400, 'invalid-input', 'visibility: internal or company', 'visibility');
      return v as Visibility;
    });
    return reply.status(201).send({ attachment: presentAttachment(a) });
  });

  app.post('/api/companies/:tenant/cases/:id/attachments', async (req, reply) => {
    principalOf(req);
    const { tenant, id } = validate(companyObjectParams, req.params, 'params');
    const p = requireCompanyAdmin(req, tenant);
    const row = await companyCase(deps, tenant, id);
    const a = await upload(req, p, row, () => 'company');
    return reply.status(201).send({ attachment: presentAttachment(a) });
  });

  app.get('/api/desk/attachments/:id', async (req, reply) => {
    const p = principalOf(req);
    const { id } = validate(objectIdParams, req.params, 'params');
    const a = await getAttachment(db, null, id);
    const row = a ? await getCase(db, a.tenant, a.case_id) : undefined;
    const visible =
      a !== undefined &&
      row !== undefined &&
      (await canReadCase(db, p, row)) &&
      (p.tenant === null || a.visibility === 'company');
    if (!a || !visible) throw new ApiError(404, 'not-found', 'no such attachment');
    await auditCompanyRead(audit, req, a.tenant, 'desk.attachment.read', {
      attachmentId: a.id,
      caseId: a.case_id,
    });
    return sendAttachment(reply, folder(), a);
  });
}
