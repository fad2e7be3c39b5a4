import type { SitrepTemplate, UpdateTemplate } from '../../../shared/contracts/sitreps.js';
import { updateTemplateSchema } from '../../../shared/contracts/sitreps.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import { appendAudit } from '../audit/audit-log.js';
import { findTemplateRow, listTemplateRows, updateTemplateRow, type TemplateRow } from './sitrep-queries.js';

/** Templates of situation reports: every reading role sees them; coordinators change them. */

export const presentTemplate = (row: TemplateRow): SitrepTemplate => ({
  id: row.id,
  key: row.key,
  kind: row.kind,
  name: { fi: row.nameFi, sv: row.nameSv, en: row.nameEn },
  periodHours: row.periodHours,
  sections: row.sections.map((s) => ({
    key: s.key,
    domain: s.domain as SitrepTemplate['sections'][number]['domain'],
    title: { fi: s.fi, sv: s.sv, en: s.en },
  })),
  version: row.version,
  updatedAt: row.updatedAt.toISOString(),
});

export const getTemplates = async (ctx: { db: Db }): Promise<SitrepTemplate[]> =>
  (await listTemplateRows(ctx.db)).map(presentTemplate);

export const getTemplate = async (ctx: { db: Db }, id: string): Promise<SitrepTemplate> => {
  const row = await findTemplateRow(ctx.db, id);
  if (!row) throw new AppError('not_found', 'No such template.');
  return presentTemplate(row);
};

/** A coordinator's change; reports already drafted keep the sections they were created with. */
export const updateTemplate = async (
  ctx: ServiceContext,
  id: string,
  input: UpdateTemplate,
): Promise<SitrepTemplate> => {
  const data = updateTemplateSchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await findTemplateRow(tx, id, { forUpdate: true });
    if (!row) throw new AppError('not_found', 'No such template.');
    if (row.version !== data.version) {
      throw new AppError(
        'version_conflict',
        'Someone changed the template after you opened it: reload and try again.',
      );
    }
    const updated = await updateTemplateRow(
      tx,
      id,
      {
        ...(data.name ? { nameFi: data.name.fi, nameSv: data.name.sv, nameEn: data.name.en } : {}),
        ...(data.periodHours !== undefined ? { periodHours: data.periodHours } : {}),
        ...(data.sections
          ? {
              sections: data.sections.map((s) => ({
                key: s.key,
                domain: s.domain,
                fi: s.title.fi,
                sv: s.title.sv,
                en: s.title.en,
              })),
            }
          : {}),
      },
      ctx.actor.userId,
    );
    const { version: _version, ...changes } = data;
    await appendAudit(tx, ctx.audit, {
      action: 'sitrep_template.update',
      targetType: 'sitrep_template',
      targetId: id,
      details: { key: row.key, fromVersion: row.version, changes },
    });
    return presentTemplate(updated);
  });
};
