import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { recordReleaseRefusal } from '../../../../shared/access/release.js';
import type { ReleasableRecordType } from '../../../../shared/contracts/exchange.js';
import type { Db } from '../../../db/connection.js';
import type { JobDefinition } from '../../../jobs/jobs.js';
import type { AuditSource } from '../../audit/audit-log.js';
import { findPartner } from '../partners/partner-queries.js';
import { proposeRelease, unionFields } from './release-flow.js';
import { loadRecordForRelease, recordApiId } from './release-records.js';

/**
 * A record released to a partner that changes afterwards is proposed again in its new version
 * (released at once when the agreement needs no approval): a partner never silently keeps an
 * outdated version. The platform proposes for the agreement's organisation, with the rules of
 * `recordReleaseRefusal` (a record whose marking was raised beyond the agreement is not proposed)
 * and the redactions and omissions of the last release.
 */

interface Candidate {
  partnerId: string;
  recordType: ReleasableRecordType;
  recordId: string;
}

export interface UpdateScope {
  partnerId?: string;
  recordType?: ReleasableRecordType;
  recordId?: string;
  log?: FastifyBaseLogger | Logger;
}

const scoped = (alias: string, scope: UpdateScope) =>
  sql.join(
    [
      sql`true`,
      ...(scope.partnerId ? [sql`${sql.ref(`${alias}.partner_id`)} = ${scope.partnerId}::uuid`] : []),
      ...(scope.recordId ? [sql`${sql.ref(`${alias}.record_id`)} = ${scope.recordId}::uuid`] : []),
    ],
    sql` and `,
  );

/** Incidents whose current version (updated_at, as STIX `modified`: milliseconds) is newer than the last released. */
const incidentCandidates = async (db: Db, scope: UpdateScope): Promise<Candidate[]> => {
  const { rows } = await sql<Candidate>`
    with last as (
      select r.partner_id, r.record_id, max(r.record_version::timestamptz) as version_at
      from releases r
      where r.status = 'released' and r.record_type = 'incident' and ${scoped('r', scope)}
      group by r.partner_id, r.record_id
    )
    select l.partner_id, 'incident' as record_type, l.record_id
    from last l
    join partners p on p.id = l.partner_id and p.active and 'incident' = any(p.record_types)
    join incidents i on i.id = l.record_id
    where date_trunc('milliseconds', i.updated_at) > l.version_at
      and not exists (
        select 1 from releases o
        where o.partner_id = l.partner_id and o.record_type = 'incident' and o.record_id = l.record_id
          and o.status in ('pending', 'held')
          and o.record_version::timestamptz >= date_trunc('milliseconds', i.updated_at))`.execute(db);
  return rows;
};

/** Situation reports with an approved version newer than the last released. */
const sitrepCandidates = async (db: Db, scope: UpdateScope): Promise<Candidate[]> => {
  const { rows } = await sql<Candidate>`
    with last as (
      select r.partner_id, r.record_id, max(r.record_version::int) as number
      from releases r
      where r.status = 'released' and r.record_type = 'sitrep' and ${scoped('r', scope)}
      group by r.partner_id, r.record_id
    )
    select l.partner_id, 'sitrep' as record_type, l.record_id
    from last l
    join partners p on p.id = l.partner_id and p.active and 'sitrep' = any(p.record_types)
    join lateral (select max(v.number) as number from sitrep_versions v where v.sitrep_id = l.record_id) v on true
    where v.number > l.number
      and not exists (
        select 1 from releases o
        where o.partner_id = l.partner_id and o.record_type = 'sitrep' and o.record_id = l.record_id
          and o.status in ('pending', 'held') and o.record_version::int >= v.number)`.execute(db);
  return rows;
};

const proposeOne = async (db: Db, candidate: Candidate, now: Date): Promise<boolean> =>
  db.transaction().execute(async (tx) => {
    const partner = await findPartner(tx, candidate.partnerId, { forUpdate: true });
    if (!partner?.active) return false;
    const record = await loadRecordForRelease(tx, candidate.recordType, candidate.recordId);
    if (!record) return false;
    const communityIds = (
      await tx
        .selectFrom('communityMembers')
        .select('communityId')
        .where('organisationId', '=', partner.ownerOrganisationId)
        .execute()
    ).map((r) => r.communityId);
    const refusal = recordReleaseRefusal(record.access, record.type, partner, {
      organisationId: partner.ownerOrganisationId,
      communityIds,
    });
    if (refusal) return false;
    const previous = await tx
      .selectFrom('releases')
      .select(['redactedFields', 'omittedObjectIds'])
      .where('partnerId', '=', partner.id)
      .where('recordType', '=', record.type)
      .where('recordId', '=', record.id)
      .where('status', '=', 'released')
      .orderBy('decidedAt', 'desc')
      .limit(1)
      .executeTakeFirst();
    const audit: AuditSource = {
      requestId: null,
      sourceIp: null,
      actorUserId: null,
      actorOrganisationId: partner.ownerOrganisationId,
    };
    const outcome = await proposeRelease(tx, {
      partner,
      record,
      redaction: {
        fields: unionFields(partner.redactedFields, previous?.redactedFields ?? []),
        omitObjectIds: previous?.omittedObjectIds ?? [],
      },
      proposedByUserId: null,
      audit,
      now,
      automatic: true,
    });
    return !('skipped' in outcome);
  });

/**
 * Finds records released to a partner whose current version is newer than the last released and
 * proposes the new version; returns how many were proposed. One record's failure (its marking now
 * on an object above the ceiling, a concurrent proposal) does not stop the others.
 */
export const proposeUpdatedReleases = async (db: Db, now: Date, scope: UpdateScope = {}): Promise<number> => {
  const candidates = [
    ...(scope.recordType !== 'sitrep' ? await incidentCandidates(db, scope) : []),
    ...(scope.recordType !== 'incident' ? await sitrepCandidates(db, scope) : []),
  ];
  let proposed = 0;
  for (const candidate of candidates) {
    try {
      if (await proposeOne(db, candidate, now)) proposed += 1;
    } catch (error) {
      scope.log?.warn(
        {
          err: error,
          partnerId: candidate.partnerId,
          recordId: recordApiId(candidate.recordType, candidate.recordId),
        },
        'could not propose the newer version of a released record',
      );
    }
  }
  return proposed;
};

export const RELEASE_UPDATES_QUEUE = 'exchange-release-updates';

/** Every minute: newer versions of released records become releases (pending, or released at once). */
export const releaseJobs: JobDefinition[] = [
  {
    queue: RELEASE_UPDATES_QUEUE,
    settings: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 300 },
    schedule: { cron: '* * * * *', tz: 'Europe/Helsinki' },
    handle: async (ctx) => {
      const proposed = await proposeUpdatedReleases(ctx.db, ctx.now(), { log: ctx.log });
      if (proposed > 0) ctx.log.info({ proposed }, 'newer versions of released records proposed');
    },
  },
];
