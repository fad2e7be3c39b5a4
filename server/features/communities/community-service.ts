import type { Community, CreateCommunity, UpdateCommunity } from '../../../shared/contracts/communities.js';
import { createCommunitySchema } from '../../../shared/contracts/communities.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import type { Db, Tx } from '../../db/connection.js';
import { appendAudit } from '../audit/audit-log.js';
import {
  countExistingOrganisations,
  findCommunity,
  insertCommunity,
  listCommunities,
  replaceMembers,
  updateCommunityRow,
  type CommunityRow,
} from './community-queries.js';

const present = (row: CommunityRow): Community => ({
  id: row.id,
  name: { fi: row.nameFi, sv: row.nameSv, en: row.nameEn },
  description: row.description,
  organisationIds: row.organisationIds,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const checkOrganisations = async (tx: Tx, ids: readonly string[]): Promise<string[]> => {
  const unique = [...new Set(ids)];
  if ((await countExistingOrganisations(tx, unique)) !== unique.length) {
    throw new AppError(
      'validation_failed',
      'One of the member organisations does not exist or is inactive.',
      [{ path: 'body.organisationIds', message: 'Unknown or inactive organisation.' }],
    );
  }
  return unique;
};

export const getCommunities = async (ctx: { db: Db }): Promise<Community[]> =>
  (await listCommunities(ctx.db)).map(present);

export const getCommunity = async (ctx: { db: Db }, id: string): Promise<Community> => {
  const row = await findCommunity(ctx.db, id);
  if (!row) throw new AppError('not_found', 'No such community.');
  return present(row);
};

export const createCommunity = async (ctx: ServiceContext, input: CreateCommunity): Promise<Community> => {
  const data = createCommunitySchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    const members = await checkOrganisations(tx, data.organisationIds);
    const { id } = await insertCommunity(tx, {
      nameFi: data.name.fi,
      nameSv: data.name.sv,
      nameEn: data.name.en,
      description: data.description,
    });
    await replaceMembers(tx, id, members);
    await appendAudit(tx, ctx.audit, {
      action: 'community.create',
      targetType: 'community',
      targetId: id,
      details: data,
    });
    return present((await findCommunity(tx, id))!);
  });
};

export const updateCommunity = async (
  ctx: ServiceContext,
  id: string,
  input: UpdateCommunity,
): Promise<Community> =>
  ctx.db.transaction().execute(async (tx) => {
    if (!(await findCommunity(tx, id))) throw new AppError('not_found', 'No such community.');
    await updateCommunityRow(tx, id, {
      nameFi: input.name?.fi,
      nameSv: input.name?.sv,
      nameEn: input.name?.en,
      description: input.description,
    });
    if (input.organisationIds)
      await replaceMembers(tx, id, await checkOrganisations(tx, input.organisationIds));
    await appendAudit(tx, ctx.audit, {
      action: 'community.update',
      targetType: 'community',
      targetId: id,
      details: { changes: input },
    });
    return present((await findCommunity(tx, id))!);
  });
