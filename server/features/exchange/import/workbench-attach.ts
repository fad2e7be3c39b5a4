import type { Actor } from '../../../../shared/access/roles.js';
import { canSee } from '../../../../shared/access/tlp.js';
import type { Unapplied } from '../../../../shared/contracts/exchange-imports.js';
import { toIncidentId } from '../../../../shared/contracts/incident-enums.js';
import { shareableOf } from '../../../access/record-access.js';
import type { ServiceContext } from '../../../context.js';
import type { Db, Tx } from '../../../db/connection.js';
import { appendAudit } from '../../audit/audit-log.js';
import { findIncidentAccess } from '../../incidents/incident-access.js';
import { appendIncidentEvent } from '../../incidents/incident-events.js';
import { duplicatePathExists, lockDuplicateGraph, touchIncident } from '../../links/link-queries.js';
import { linkNarrative } from '../../narratives/narrative-queries.js';
import { stixTypeOf } from '../stix/stix-types.js';
import { findIncidentLink, survivingIncident } from './workbench-queries.js';
import type { LinkProposal, NarrativeProposal, SubRecords } from './workbench-subrecords.js';

/**
 * Narratives and links of an imported incident, made ours. A narrative we do not have yet is made
 * here under the sender's id (owned by the accepting organisation, at the marking it came with);
 * a link is made when its other end is here — an incident accepted from the same sender, or one
 * of the same id — and visible to the analyst, under the sender's link id when that is free.
 */

type Ctx = Pick<ServiceContext, 'actor' | 'audit' | 'now'>;

export interface ResolvedLink extends LinkProposal {
  otherIncidentId: string;
}

export interface ResolvedSubRecords {
  narratives: (NarrativeProposal & { exists: boolean })[];
  links: ResolvedLink[];
  unapplied: Unapplied[];
}

const unapplied = (
  proposal: { stixId: string },
  type: string,
  reason: Unapplied['reason'],
  references: string[],
): Unapplied => ({ stixId: proposal.stixId, stixType: type, property: null, reason, references });

/** The incident here that a STIX incident id stands for, if the actor may see it. */
const incidentHere = async (db: Db | Tx, actor: Actor, ownerOrganisationId: string, stixId: string) => {
  if (stixTypeOf(stixId) !== 'incident') return null;
  const link = await findIncidentLink(db, ownerOrganisationId, stixId);
  const access = await findIncidentAccess(db, link?.incidentId ?? stixId);
  if (!access) return null;
  const survivor = access.duplicateOfId ? await survivingIncident(db, access.id) : access.id;
  const incident = survivor === access.id ? access : await findIncidentAccess(db, survivor);
  return incident && canSee(actor, incident) ? incident.id : null;
};

export const resolveSubRecords = async (
  db: Db | Tx,
  actor: Actor,
  ownerOrganisationId: string,
  sub: SubRecords,
): Promise<ResolvedSubRecords> => {
  const out: ResolvedSubRecords = { narratives: [], links: [], unapplied: [] };
  for (const narrative of sub.narratives) {
    const row = await db
      .selectFrom('narratives')
      .select([
        'id',
        'tlp',
        'ownerOrganisationId',
        'authorUserId',
        'sharedOrganisationIds',
        'sharedCommunityIds',
        'sharedUserIds',
      ])
      .where('id', '=', narrative.narrativeId)
      .executeTakeFirst();
    if (row && !canSee(actor, shareableOf(row)))
      out.unapplied.push(unapplied(narrative, 'grouping', 'not_applicable', []));
    else out.narratives.push({ ...narrative, exists: row !== undefined });
  }
  for (const link of sub.links) {
    const other = await incidentHere(db, actor, ownerOrganisationId, link.otherStixId);
    if (other) out.links.push({ ...link, otherIncidentId: other });
    else out.unapplied.push(unapplied(link, 'relationship', 'incident_not_here', [link.otherStixId]));
  }
  return out;
};

/** Links the narratives to the incident, making those we do not have yet. Returns their ids. */
const attachNarratives = async (
  tx: Tx,
  ctx: Ctx,
  incidentId: string,
  narratives: ResolvedSubRecords['narratives'],
): Promise<string[]> => {
  const linked: string[] = [];
  for (const narrative of narratives) {
    if (!narrative.exists) {
      const made = await tx
        .insertInto('narratives')
        .values({
          id: narrative.narrativeId,
          title: narrative.title,
          description: narrative.description,
          status: narrative.status,
          tlp: narrative.tlp,
          ownerOrganisationId: ctx.actor.organisationId,
          authorUserId: ctx.actor.userId,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (made)
        await appendAudit(tx, ctx.audit, {
          action: 'narrative.create',
          targetType: 'narrative',
          targetId: made.id,
          details: {
            title: narrative.title,
            status: narrative.status,
            tlp: narrative.tlp,
            sharedWith: { organisations: [], communities: [], users: [] },
            importedFrom: narrative.stixId,
          },
        });
    }
    const created = await linkNarrative(tx, {
      incidentId,
      narrativeId: narrative.narrativeId,
      linkedByUserId: ctx.actor.userId,
    });
    if (!created) continue;
    linked.push(narrative.narrativeId);
    await appendIncidentEvent(tx, ctx.actor, {
      incidentId,
      type: 'narrative_linked',
      data: { narrativeId: narrative.narrativeId },
    });
  }
  return linked;
};

/** Makes the links whose other end is here (a duplicate-of that would close a cycle is left out). */
const attachLinks = async (
  tx: Tx,
  ctx: Ctx,
  incidentId: string,
  links: readonly ResolvedLink[],
  keepIds: boolean,
): Promise<{ linkIds: string[]; unapplied: Unapplied[] }> => {
  const linkIds: string[] = [];
  const left: Unapplied[] = [];
  for (const link of links) {
    if (link.otherIncidentId === incidentId) {
      left.push(unapplied(link, 'relationship', 'not_applicable', [link.otherStixId]));
      continue;
    }
    const [source, target] =
      link.direction === 'outgoing' ? [incidentId, link.otherIncidentId] : [link.otherIncidentId, incidentId];
    const linkId = keepIds ? link.linkId : null;
    const existing = await tx
      .selectFrom('incidentLinks')
      .select(['id', 'sourceIncidentId', 'targetIncidentId', 'kind'])
      .where((eb) =>
        eb.or([
          ...(linkId ? [eb('id', '=', linkId)] : []),
          eb.and([
            eb('sourceIncidentId', '=', source),
            eb('targetIncidentId', '=', target),
            eb('kind', '=', link.kind),
          ]),
        ]),
      )
      .execute();
    if (
      existing.some(
        (l) => l.sourceIncidentId === source && l.targetIncidentId === target && l.kind === link.kind,
      )
    )
      continue;
    if (link.kind === 'duplicate_of') {
      await lockDuplicateGraph(tx);
      if (await duplicatePathExists(tx, target, source)) {
        left.push(unapplied(link, 'relationship', 'not_applicable', [link.otherStixId]));
        continue;
      }
    }
    const idTaken = existing.some((l) => l.id === linkId);
    const inserted = await tx
      .insertInto('incidentLinks')
      .values({
        ...(linkId && !idTaken ? { id: linkId } : {}),
        sourceIncidentId: source,
        targetIncidentId: target,
        kind: link.kind,
        createdByUserId: ctx.actor.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) continue;
    linkIds.push(inserted.id);
    const now = ctx.now();
    for (const [self, other, direction] of [
      [source, target, 'outgoing'],
      [target, source, 'incoming'],
    ] as const) {
      await touchIncident(tx, self, now);
      await appendIncidentEvent(tx, ctx.actor, {
        incidentId: self,
        type: 'link_added',
        data: { linkId: inserted.id, kind: link.kind, direction, otherId: toIncidentId(other) },
      });
    }
  }
  return { linkIds, unapplied: left };
};

/**
 * `keepLinkIds`: the incident is the imported one under its own id, so its links are the
 * sender's links (a merge into another incident makes links of its own).
 */
export const attachSubRecords = async (
  tx: Tx,
  ctx: Ctx,
  incidentId: string,
  resolved: ResolvedSubRecords,
  keepLinkIds: boolean,
): Promise<{ narrativeIds: string[]; linkIds: string[]; unapplied: Unapplied[] }> => {
  const narrativeIds = await attachNarratives(tx, ctx, incidentId, resolved.narratives);
  const links = await attachLinks(tx, ctx, incidentId, resolved.links, keepLinkIds);
  if (narrativeIds.length > 0) await touchIncident(tx, incidentId, ctx.now());
  return { narrativeIds, linkIds: links.linkIds, unapplied: links.unapplied };
};
