import type { z } from 'zod';
import type {
  BundleImportResult,
  bundleImportQuerySchema,
  stixBundleBodySchema,
} from '../../../../shared/contracts/exchange-imports.js';
import { AppError } from '../../../../shared/errors.js';
import type { ServiceContext } from '../../../context.js';
import { importStixObjects } from './stix-import.js';

/**
 * A bundle uploaded by an analyst (a file in the web app, or the API): imported into their
 * organisation's store and review queue. Naming a partner records where it came from; the
 * partner must be one of the organisation's agreements.
 */
export const importBundle = async (
  ctx: Pick<ServiceContext, 'db' | 'actor' | 'audit'>,
  query: z.infer<typeof bundleImportQuerySchema>,
  bundle: z.infer<typeof stixBundleBodySchema>,
): Promise<BundleImportResult> => {
  const partner = query.partnerId
    ? await ctx.db
        .selectFrom('partners')
        .select(['id', 'defaultImportTlp'])
        .where('id', '=', query.partnerId)
        .where('ownerOrganisationId', '=', ctx.actor.organisationId)
        .executeTakeFirst()
    : undefined;
  if (query.partnerId && !partner) throw new AppError('not_found', 'No such partner.');
  return importStixObjects(ctx.db, {
    objects: bundle.objects,
    provenance: {
      source: query.source,
      partnerId: partner?.id ?? null,
      bundleId: bundle.id ?? null,
      receivedByUserId: ctx.actor.userId,
      ownerOrganisationId: ctx.actor.organisationId,
      defaultTlp: query.defaultTlp ?? partner?.defaultImportTlp ?? 'amber',
    },
    audit: ctx.audit,
  });
};
