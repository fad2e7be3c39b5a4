import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Tlp } from '../../../../shared/access/tlp.js';
import type { PartnerTlpCeiling } from '../../../../shared/contracts/exchange.js';
import type { Db } from '../../../db/connection.js';
import { hashPartnerToken, looksLikePartnerToken } from '../partners/partner-tokens.js';
import { TaxiiError } from './taxii-errors.js';

/** The partner a TAXII request acts for: an agreement, never a user. */
export interface TaxiiPartner {
  id: string;
  name: string;
  ownerOrganisationId: string;
  tlpCeiling: PartnerTlpCeiling;
  defaultImportTlp: Tlp;
  tokenId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    partner: TaxiiPartner | null;
  }
}

// Recording every use would make each read a write; a minute is precise enough to see a token in use.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The token from `Authorization: Bearer vvp_…`, or from HTTP Basic (which TAXII clients are
 * required to support, §8.5.1) with the token as the password and any user name.
 */
const presentedToken = (header: string | undefined): string | null => {
  if (!header) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1]!;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : null;
  }
  return null;
};

const unauthenticated = (description: string) => new TaxiiError(401, 'unauthenticated', description);

/**
 * 401 (with WWW-Authenticate) without a valid, unrevoked token; 403 when the agreement is inactive:
 * the partner is known, but nothing flows through a suspended agreement.
 */
export const authenticatePartner = async (
  db: Db,
  request: FastifyRequest,
  now: Date,
): Promise<TaxiiPartner> => {
  const token = presentedToken(request.headers.authorization);
  if (!token) throw unauthenticated('Send a partner token: "Authorization: Bearer vvp_…".');
  if (!looksLikePartnerToken(token)) throw unauthenticated('The partner token is not valid.');
  const row = await db
    .selectFrom('partnerTokens as t')
    .innerJoin('partners as p', 'p.id', 't.partnerId')
    .select([
      't.id as tokenId',
      't.revokedAt',
      't.lastUsedAt',
      'p.id',
      'p.name',
      'p.ownerOrganisationId',
      'p.tlpCeiling',
      'p.defaultImportTlp',
      'p.active',
    ])
    .where('t.tokenHash', '=', hashPartnerToken(token))
    .executeTakeFirst();
  if (!row || row.revokedAt !== null) throw unauthenticated('The partner token is not valid.');
  if (!row.active)
    throw new TaxiiError(403, 'agreement_inactive', 'The agreement with this partner is inactive.');
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db
      .updateTable('partnerTokens')
      .set({ lastUsedAt: sql<Date>`now()` })
      .where('id', '=', row.tokenId)
      .execute();
  }
  return {
    id: row.id,
    name: row.name,
    ownerOrganisationId: row.ownerOrganisationId,
    tlpCeiling: row.tlpCeiling,
    defaultImportTlp: row.defaultImportTlp,
    tokenId: row.tokenId,
  };
};
