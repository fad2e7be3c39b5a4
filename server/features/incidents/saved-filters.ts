import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';

const present = (row: { id: string; name: string; query: Record<string, unknown>; createdAt: Date }) => ({
  id: row.id,
  name: row.name,
  query: row.query,
  createdAt: row.createdAt.toISOString(),
});

export const getSavedFilters = async (ctx: ServiceContext) => ({
  items: (
    await ctx.db
      .selectFrom('savedFilters')
      .select(['id', 'name', 'query', 'createdAt'])
      .where('userId', '=', ctx.actor.userId)
      .orderBy('name')
      .execute()
  ).map(present),
});

export const createSavedFilter = async (
  ctx: ServiceContext,
  input: { name: string; query: Record<string, string | string[]> },
) => {
  const row = await ctx.db
    .insertInto('savedFilters')
    .values({ userId: ctx.actor.userId, name: input.name, query: input.query })
    .onConflict((oc) => oc.columns(['userId', 'name']).doNothing())
    .returning(['id', 'name', 'query', 'createdAt'])
    .executeTakeFirst();
  if (!row) throw new AppError('conflict', 'You already have a saved filter with that name.');
  return present(row);
};

export const deleteSavedFilter = async (ctx: ServiceContext, id: string): Promise<void> => {
  const result = await ctx.db
    .deleteFrom('savedFilters')
    .where('id', '=', id)
    .where('userId', '=', ctx.actor.userId)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) throw new AppError('not_found', 'No such saved filter.');
};
