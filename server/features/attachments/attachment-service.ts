import { createHash } from 'node:crypto';
import { can } from '../../../shared/access/roles.js';
import type { Attachment } from '../../../shared/contracts/collaboration.js';
import { toIncidentId } from '../../../shared/contracts/incident-enums.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import type { Db, Tx } from '../../db/connection.js';
import { appendAudit } from '../audit/audit-log.js';
import { appendIncidentEvent } from '../incidents/incident-events.js';
import { loadEditableIncident, loadVisibleIncident } from '../incidents/incident-access.js';
import { sanitiseFilename, storedContentType } from './attachment-files.js';

const listQuery = (db: Db | Tx) =>
  db
    .selectFrom('attachments as a')
    .leftJoin('users as u', 'u.id', 'a.uploadedByUserId')
    .select([
      'a.id',
      'a.incidentId',
      'a.filename',
      'a.contentType',
      'a.sizeBytes',
      'a.sha256',
      'a.uploadedByUserId',
      'u.name as uploaderName',
      'a.createdAt',
    ])
    .where('a.deletedAt', 'is', null);

type AttachmentRow = Awaited<ReturnType<ReturnType<typeof listQuery>['executeTakeFirstOrThrow']>>;

const present = (row: AttachmentRow): Attachment => ({
  id: row.id,
  filename: row.filename,
  contentType: row.contentType,
  sizeBytes: Number(row.sizeBytes),
  sha256: row.sha256,
  uploadedBy:
    row.uploadedByUserId && row.uploaderName ? { id: row.uploadedByUserId, name: row.uploaderName } : null,
  createdAt: row.createdAt.toISOString(),
});

export const getAttachments = async (ctx: ServiceContext, incidentId: string): Promise<Attachment[]> => {
  const incident = await loadVisibleIncident(ctx.db, ctx.actor, incidentId);
  return (
    await listQuery(ctx.db)
      .where('a.incidentId', '=', incident.id)
      .orderBy('a.createdAt')
      .orderBy('a.id')
      .execute()
  ).map(present);
};

export interface Upload {
  filename: string | undefined;
  contentType: string | undefined;
  data: Buffer | undefined;
}

export const uploadAttachment = async (
  ctx: ServiceContext,
  incidentId: string,
  upload: Upload,
): Promise<Attachment> => {
  const filename = upload.filename === undefined ? undefined : sanitiseFilename(upload.filename);
  if (!filename)
    throw new AppError(
      'validation_failed',
      'Give the file a name (the filename parameter or the X-Filename header).',
      [{ path: 'querystring.filename', message: 'Missing or empty file name.' }],
    );
  const data = upload.data ?? Buffer.alloc(0);
  if (data.length === 0)
    throw new AppError('validation_failed', 'The file is empty.', [{ path: 'body', message: 'Empty file.' }]);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const contentType = storedContentType(upload.contentType, data);
  return ctx.db.transaction().execute(async (tx) => {
    const incident = await loadEditableIncident(tx, ctx.actor, incidentId);
    if (incident.duplicateOfId)
      throw new AppError('conflict', 'This incident was merged into another one; attach the file there.');
    const { id } = await tx
      .insertInto('attachments')
      .values({
        incidentId: incident.id,
        filename,
        contentType,
        sizeBytes: data.length,
        sha256,
        data,
        uploadedByUserId: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.updateTable('incidents').set({ updatedAt: ctx.now() }).where('id', '=', incident.id).execute();
    await appendIncidentEvent(tx, ctx.actor, {
      incidentId: incident.id,
      type: 'attachment_added',
      data: { attachmentId: id, filename, sizeBytes: data.length, sha256 },
    });
    await appendAudit(tx, ctx.audit, {
      action: 'incident.attachment_add',
      targetType: 'incident',
      targetId: toIncidentId(incident.id),
      details: { attachmentId: id, filename, sizeBytes: data.length, sha256 },
    });
    return present((await listQuery(tx).where('a.id', '=', id).executeTakeFirst())!);
  });
};

export const downloadAttachment = async (
  ctx: ServiceContext,
  incidentId: string,
  attachmentId: string,
): Promise<{ filename: string; contentType: string; sha256: string; data: Buffer }> => {
  const incident = await loadVisibleIncident(ctx.db, ctx.actor, incidentId);
  const row = await ctx.db
    .selectFrom('attachments')
    .select(['filename', 'contentType', 'sha256', 'data'])
    .where('id', '=', attachmentId)
    .where('incidentId', '=', incident.id)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
  if (!row?.data) throw new AppError('not_found', 'No such attachment.');
  return { filename: row.filename, contentType: row.contentType, sha256: row.sha256, data: row.data };
};

/** The uploader, or anyone with an editing role who may edit the incident; the content is erased. */
export const deleteAttachment = async (
  ctx: ServiceContext,
  incidentId: string,
  attachmentId: string,
): Promise<void> =>
  ctx.db.transaction().execute(async (tx) => {
    const incident = await loadVisibleIncident(tx, ctx.actor, incidentId);
    const row = await listQuery(tx)
      .where('a.id', '=', attachmentId)
      .where('a.incidentId', '=', incident.id)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', 'No such attachment.');
    await loadEditableIncident(tx, ctx.actor, incidentId);
    if (row.uploadedByUserId !== ctx.actor.userId && !can(ctx.actor, 'content.edit'))
      throw new AppError('forbidden', 'Only the uploader or an analyst can remove this file.');
    const now = ctx.now();
    await tx
      .updateTable('attachments')
      .set({ data: null, deletedAt: now })
      .where('id', '=', row.id)
      .execute();
    await tx.updateTable('incidents').set({ updatedAt: now }).where('id', '=', incident.id).execute();
    await appendIncidentEvent(tx, ctx.actor, {
      incidentId: incident.id,
      type: 'attachment_deleted',
      data: { attachmentId: row.id, filename: row.filename },
    });
    await appendAudit(tx, ctx.audit, {
      action: 'incident.attachment_delete',
      targetType: 'incident',
      targetId: toIncidentId(incident.id),
      details: { attachmentId: row.id, sha256: row.sha256 },
    });
  });
