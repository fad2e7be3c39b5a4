import { sql } from 'kysely';
import type { Actor } from '../../../shared/access/roles.js';
import {
  canSee,
  compareTlp,
  organisationCanSee,
  strictestTlp,
  type Tlp,
} from '../../../shared/access/tlp.js';
import { toIncidentId } from '../../../shared/contracts/incident-enums.js';
import type { BlockingIssue, SitrepCheck } from '../../../shared/contracts/sitreps.js';
import { shareableOf } from '../../access/record-access.js';
import type { Db, Tx } from '../../db/connection.js';
import type { SitrepRow } from './sitrep-access.js';

/**
 * Markings and distribution of a report, checked against everything it includes: the report's
 * marking is never below the strictest of its incidents (its floor), and every recipient
 * organisation — named, or a member of a named community — must be able to see, by its
 * organisation alone, every included incident and the report itself at its marking.
 */

const languages = ['fi', 'sv', 'en'] as const;

/**
 * The strictest marking of what the report includes: its incidents, and, for a sanitised variant
 * whose lower marking has not been approved yet, the marking of the report it was written from.
 */
export const floorOf = async (db: Db | Tx, sitrepId: string): Promise<Tlp> => {
  const row = (
    await sql<{ tlps: Tlp[] }>`
      select array(
        select i.tlp from sitrep_incidents si join incidents i on i.id = si.incident_id
         where si.sitrep_id = s.id
        union all
        select src.tlp from sitreps src
         where src.id = s.sanitised_from_id and s.lowered_marking is null
      ) as tlps
        from sitreps s where s.id = ${sitrepId}::uuid`.execute(db)
  ).rows[0];
  return strictestTlp(row?.tlps ?? []);
};

/**
 * Whether the marking is below the floor without the explicit approval of a lower marking (a
 * sanitised variant, down to the approved level).
 */
export const isBelowFloor = (tlp: Tlp, floor: Tlp, lowered: { to: Tlp } | null | undefined): boolean =>
  compareTlp(tlp, floor) < 0 && !(lowered && compareTlp(tlp, lowered.to) >= 0);

interface IncidentShare {
  id: string;
  title: string;
  tlp: Tlp;
  ownerOrganisationId: string;
  authorUserId: string;
  sharedOrganisationIds: string[];
  sharedCommunityIds: string[];
  sharedUserIds: string[];
}

interface Recipient {
  organisationId: string;
  shortName: string;
  /** Every community the organisation belongs to: what green sharing reaches. */
  communityIds: string[];
  /** The recipient community it receives the report through; null when named itself. */
  viaCommunityId: string | null;
}

const recipientsOf = async (db: Db | Tx, row: SitrepRow): Promise<Recipient[]> => {
  const result = await sql<{
    organisationId: string;
    shortName: string;
    communityIds: string[];
    viaCommunityId: string | null;
  }>`
    with r as (
      select o.id as organisation_id, null::uuid as via_community_id, 0 as rank
        from unnest(${sql.val(row.recipientOrganisationIds)}::uuid[]) as o(id)
      union all
      select m.organisation_id, m.community_id, 1
        from community_members m
       where m.community_id = any(${sql.val(row.recipientCommunityIds)}::uuid[])
    ),
    firsts as (
      select distinct on (r.organisation_id) r.organisation_id, r.via_community_id
        from r order by r.organisation_id, r.rank, r.via_community_id
    )
    select f.organisation_id, o.short_name, f.via_community_id,
           array(select cm.community_id from community_members cm where cm.organisation_id = f.organisation_id)
             as community_ids
      from firsts f join organisations o on o.id = f.organisation_id
     order by o.short_name`.execute(db);
  return result.rows;
};

const includedIncidents = (db: Db | Tx, sitrepId: string): Promise<IncidentShare[]> =>
  db
    .selectFrom('sitrepIncidents as si')
    .innerJoin('incidents as i', 'i.id', 'si.incidentId')
    .select([
      'i.id',
      'i.title',
      'i.tlp',
      'i.ownerOrganisationId',
      'i.authorUserId',
      'i.sharedOrganisationIds',
      'i.sharedCommunityIds',
      'i.sharedUserIds',
    ])
    .where('si.sitrepId', '=', sitrepId)
    .orderBy('si.position')
    .execute();

/**
 * The first organisation of `organisationIds` (those writing a section of the draft) that may not
 * see an incident the report includes, by the rule that decides for recipients; undefined if
 * every one may see every incident.
 */
export const contributorsWhoMayNotSee = async (
  db: Db | Tx,
  sitrepId: string,
  organisationIds: readonly string[],
): Promise<{ organisation: string; incident: string } | undefined> => {
  if (organisationIds.length === 0) return undefined;
  const [incidents, organisations] = await Promise.all([
    includedIncidents(db, sitrepId),
    db
      .selectFrom('organisations as o')
      .select([
        'o.id',
        'o.shortName',
        sql<
          string[]
        >`array(select cm.community_id from community_members cm where cm.organisation_id = o.id)`.as(
          'communityIds',
        ),
      ])
      .where('o.id', 'in', [...organisationIds])
      .execute(),
  ]);
  for (const organisation of organisations) {
    const reader = { organisationId: organisation.id, communityIds: organisation.communityIds };
    const hidden = incidents.find((incident) => !organisationCanSee(reader, shareableOf(incident)));
    if (hidden) return { organisation: organisation.shortName, incident: hidden.title };
  }
  return undefined;
};

const issue = (
  code: BlockingIssue['code'],
  message: string,
  refs: Partial<Pick<BlockingIssue, 'organisationId' | 'communityId' | 'incidentId'>> = {},
): BlockingIssue => ({
  code,
  message,
  organisationId: refs.organisationId ?? null,
  communityId: refs.communityId ?? null,
  incidentId: refs.incidentId ?? null,
});

/**
 * The check of a report as it is now (every draft of GET /api/v1/sitreps/{id} carries it, and approval refuses while `blocking` is not
 * empty). Missing languages are reported in `missingLanguages` only: they do not stop approval.
 *
 * `viewer`: who reads the answer. An included incident the viewer may not see is then named
 * neither by title nor by id, so that the check reveals nothing the viewer could not read.
 */
export const checkSitrep = async (db: Db | Tx, row: SitrepRow, viewer?: Actor): Promise<SitrepCheck> => {
  const [floor, incidents, recipients, sections, approver] = await Promise.all([
    floorOf(db, row.id),
    includedIncidents(db, row.id),
    recipientsOf(db, row),
    db
      .selectFrom('sitrepSections')
      .select(['bodyFi', 'bodySv', 'bodyEn'])
      .where('sitrepId', '=', row.id)
      .execute(),
    row.loweredMarking
      ? db
          .selectFrom('users')
          .select(['id', 'name'])
          .where('id', '=', row.loweredMarking.approvedByUserId)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);

  const blocking: BlockingIssue[] = [];
  if (row.recipientOrganisationIds.length === 0 && row.recipientCommunityIds.length === 0) {
    blocking.push(issue('no_recipients', 'The report has no recipients: add organisations or communities.'));
  }
  if (isBelowFloor(row.tlp, floor, row.loweredMarking)) {
    blocking.push(
      issue(
        'marking_below_floor',
        `The report is marked TLP:${row.tlp.toUpperCase()}, below TLP:${floor.toUpperCase()}, the strictest marking of what it includes.`,
      ),
    );
  }

  // The version a recipient receives: shared with every recipient organisation and community.
  const version = {
    tlp: row.tlp,
    ownerOrganisationId: row.ownerOrganisationId,
    sharedWith: {
      organisations: recipients.map((r) => r.organisationId),
      communities: row.recipientCommunityIds,
      users: [],
    },
  };
  const visibleToViewer = (incident: IncidentShare) => !viewer || canSee(viewer, shareableOf(incident));
  for (const recipient of recipients) {
    const via = recipient.viaCommunityId ? ' (a member of a recipient community)' : '';
    const refs = { organisationId: recipient.organisationId, communityId: recipient.viaCommunityId };
    if (!organisationCanSee(recipient, version)) {
      blocking.push(
        issue(
          'recipient_may_not_see',
          `${recipient.shortName}${via} may not receive a report marked TLP:${row.tlp.toUpperCase()}.`,
          refs,
        ),
      );
    }
    for (const incident of incidents) {
      if (organisationCanSee(recipient, shareableOf(incident))) continue;
      const named = visibleToViewer(incident);
      blocking.push(
        issue(
          'recipient_may_not_see',
          named
            ? `${recipient.shortName}${via} may not see the incident “${incident.title}” (TLP:${incident.tlp.toUpperCase()}), which the report includes.`
            : `${recipient.shortName}${via} may not see an incident the report includes (one you may not see either).`,
          { ...refs, incidentId: named ? toIncidentId(incident.id) : null },
        ),
      );
    }
  }

  const bodies = {
    fi: sections.map((s) => s.bodyFi),
    sv: sections.map((s) => s.bodySv),
    en: sections.map((s) => s.bodyEn),
  };
  const missingLanguages = languages.filter(
    (language) => sections.length === 0 || bodies[language].some((body) => body.trim() === ''),
  );

  return {
    tlp: row.tlp,
    markingFloor: floor,
    loweredMarking: row.loweredMarking
      ? {
          from: row.loweredMarking.from,
          to: row.loweredMarking.to,
          reason: row.loweredMarking.reason,
          approvedBy: { userId: row.loweredMarking.approvedByUserId, name: approver?.name ?? '' },
          approvedAt: new Date(row.loweredMarking.approvedAt).toISOString(),
        }
      : null,
    missingLanguages: [...missingLanguages],
    blocking,
  };
};
