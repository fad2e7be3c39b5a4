import {
  partnerViewQuerySchema,
  type PartnerView,
  type PartnerViewQuery,
} from '../../../../shared/contracts/exchange-partners.js';
import { AppError } from '../../../../shared/errors.js';
import type { ServiceContext } from '../../../context.js';
import { TaxiiError } from '../taxii/taxii-errors.js';
import { encodeNext, parseObjectFilters } from '../taxii/taxii-filters.js';
import { pageObjects } from '../taxii/taxii-queries.js';
import { collectionsOf } from './partner-queries.js';
import { loadManagedPartner, presentCollection } from './partner-service.js';

/**
 * The coordinator's view of exactly what the partner sees: the same query the TAXII server runs,
 * with the same ceiling, in the same order, the cursor being TAXII's `next`.
 */
export const getPartnerView = async (
  ctx: ServiceContext,
  id: string,
  query: PartnerViewQuery,
): Promise<PartnerView> => {
  const q = partnerViewQuerySchema.parse(query);
  const partner = await loadManagedPartner(ctx.db, ctx.actor, id);
  const readable = (await collectionsOf(ctx.db, [partner.id])).filter((c) => c.canRead);
  const collection = q.collectionId ? readable.find((c) => c.id === q.collectionId) : readable[0];
  if (!collection) throw new AppError('not_found', 'No such collection of this partner.');
  let filters;
  try {
    filters = parseObjectFilters(
      { limit: String(q.limit), 'match[version]': q.version, ...(q.cursor ? { next: q.cursor } : {}) },
      { id: false, type: false, version: true },
    );
  } catch (error) {
    if (error instanceof TaxiiError) throw new AppError('bad_request', 'The cursor is not valid.');
    throw error;
  }
  const rows = await pageObjects(
    ctx.db,
    { collectionId: collection.id, ceiling: partner.tlpCeiling },
    filters,
    { withObject: true },
  );
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    collections: readable.map(presentCollection),
    items: page.map((row) => {
      const object = JSON.parse(row.objectText!) as Record<string, unknown>;
      return {
        collectionId: collection.id,
        id: row.stixId,
        type: typeof object.type === 'string' ? object.type : '',
        version: row.version,
        dateAdded: row.dateAdded,
        object,
      };
    }),
    nextCursor: rows.length > q.limit && last ? encodeNext(last.dateAdded, last.seq) : null,
  };
};
