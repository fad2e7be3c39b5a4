import type {
  CreateOrganisation,
  Organisation,
  UpdateOrganisation,
} from '../../../shared/contracts/organisations.js';
import { createOrganisationSchema } from '../../../shared/contracts/organisations.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import { appendAudit } from '../audit/audit-log.js';
import { presentOrganisation } from './organisation-presenter.js';
import {
  findOrganisation,
  insertOrganisation,
  listOrganisations,
  shortNameTaken,
  updateOrganisationRow,
} from './organisation-queries.js';

export const getOrganisations = async (ctx: Pick<ServiceContext, 'db'>): Promise<Organisation[]> =>
  (await listOrganisations(ctx.db)).map(presentOrganisation);

export const getOrganisation = async (ctx: Pick<ServiceContext, 'db'>, id: string): Promise<Organisation> => {
  const row = await findOrganisation(ctx.db, id);
  if (!row) throw new AppError('not_found', 'No such organisation.');
  return presentOrganisation(row);
};

export const createOrganisation = async (
  ctx: ServiceContext,
  input: CreateOrganisation,
): Promise<Organisation> => {
  const data = createOrganisationSchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    if (await shortNameTaken(tx, data.shortName)) {
      throw new AppError('conflict', `The short name ${data.shortName} is already in use.`);
    }
    const { id } = await insertOrganisation(tx, {
      shortName: data.shortName,
      nameFi: data.name.fi,
      nameSv: data.name.sv,
      nameEn: data.name.en,
      kind: data.kind,
      requireTwoFactor: data.requireTwoFactor,
    });
    await appendAudit(tx, ctx.audit, {
      action: 'organisation.create',
      targetType: 'organisation',
      targetId: id,
      details: data,
    });
    return presentOrganisation((await findOrganisation(tx, id))!);
  });
};

export const updateOrganisation = async (
  ctx: ServiceContext,
  id: string,
  input: UpdateOrganisation,
): Promise<Organisation> =>
  ctx.db.transaction().execute(async (tx) => {
    const before = await findOrganisation(tx, id);
    if (!before) throw new AppError('not_found', 'No such organisation.');
    if (input.shortName !== undefined && (await shortNameTaken(tx, input.shortName, id))) {
      throw new AppError('conflict', `The short name ${input.shortName} is already in use.`);
    }
    await updateOrganisationRow(tx, id, {
      shortName: input.shortName,
      nameFi: input.name?.fi,
      nameSv: input.name?.sv,
      nameEn: input.name?.en,
      kind: input.kind,
      requireTwoFactor: input.requireTwoFactor,
      active: input.active,
    });
    await appendAudit(tx, ctx.audit, {
      action: 'organisation.update',
      targetType: 'organisation',
      targetId: id,
      details: { changes: input },
    });
    return presentOrganisation((await findOrganisation(tx, id))!);
  });
