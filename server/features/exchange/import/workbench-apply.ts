import type { Updateable } from 'kysely';
import { compareTlp, type Tlp } from '../../../../shared/access/tlp.js';
import type { ProposedIncident } from '../../../../shared/contracts/exchange-imports.js';
import { AppError } from '../../../../shared/errors.js';
import { categoryFits } from '../../../../shared/taxonomy/incident-categories.js';
import type { IncidentDomain } from '../../../../shared/contracts/incident-enums.js';
import type { ServiceContext } from '../../../context.js';
import type { Tx } from '../../../db/connection.js';
import type { IncidentsTable } from '../../../db/schema-incidents.js';
import { addIncidentTechniques, listIncidentTechniques } from '../../disarm/disarm-queries.js';
import { appendIncidentEvent } from '../../incidents/incident-events.js';
import { writeNewIncident } from '../../incidents/incident-service.js';
import { diffStates, stateOf } from '../../incidents/incident-history.js';
import {
  areaScopeOf,
  findIncident,
  updateIncidentRow,
  type IncidentRow,
} from '../../incidents/incident-queries.js';
import { ensureObservable, linkObservable, touchIncident } from '../../observables/observable-queries.js';
import type { ProposedField } from './workbench-proposal.js';
import type { ObservableToAttach } from './workbench-subrecords.js';

type Ctx = Pick<ServiceContext, 'actor' | 'audit' | 'now'>;

/** Partner content never lands in a record whose marking would show it to more people than its own. */
export const assertMarkingFits = (itemTlp: Tlp, incidentTlp: Tlp): void => {
  if (compareTlp(itemTlp, incidentTlp) > 0)
    throw new AppError(
      'marking_below_floor',
      `The imported content is marked TLP:${itemTlp.toUpperCase()}, the incident TLP:${incidentTlp.toUpperCase()}: raise the incident's marking first.`,
    );
};

const columnsOf = (p: ProposedIncident) => ({
  title: p.title,
  description: p.description,
  domains: p.domains as string[],
  category: p.category,
  severity: p.severity,
  impactConduct: p.impactOnConduct,
  impactConfidence: p.impactOnConfidence,
  sourceReliability: p.sourceReliability,
  informationCredibility: p.informationCredibility,
  electionId: p.electionId,
  phaseKey: p.phaseKey,
  areaCodes: p.areaCodes,
  firstSeen: p.firstSeen ? new Date(p.firstSeen) : null,
  lastSeen: p.lastSeen ? new Date(p.lastSeen) : null,
  status: p.status,
  closingReason: p.closingReason,
  leadOrganisationId: p.leadOrganisationId,
  supportingOrganisationIds: p.supportingOrganisationIds,
});

const columnOfField: Record<ProposedField, keyof ReturnType<typeof columnsOf>> = {
  title: 'title',
  description: 'description',
  domains: 'domains',
  category: 'category',
  severity: 'severity',
  impactOnConduct: 'impactConduct',
  impactOnConfidence: 'impactConfidence',
  sourceReliability: 'sourceReliability',
  informationCredibility: 'informationCredibility',
  electionId: 'electionId',
  phaseKey: 'phaseKey',
  areaCodes: 'areaCodes',
  firstSeen: 'firstSeen',
  lastSeen: 'lastSeen',
  status: 'status',
  closingReason: 'closingReason',
  leadOrganisationId: 'leadOrganisationId',
  supportingOrganisationIds: 'supportingOrganisationIds',
};

/**
 * The columns a newer version changes: only the fields the object carries (a partner without our
 * extension never resets an analyst's triage to defaults; an election, area or organisation that
 * is not here leaves ours as it is), and a category that fits the resulting domains.
 */
export const updateValues = (
  current: IncidentRow,
  proposed: ProposedIncident,
  given: ReadonlySet<ProposedField>,
): Updateable<IncidentsTable> => {
  const all = columnsOf(proposed);
  const values: Record<string, unknown> = {};
  for (const field of given) values[columnOfField[field]] = all[columnOfField[field]];
  const lead = (values.leadOrganisationId ?? current.leadOrganisationId) as string | null;
  if (values.supportingOrganisationIds !== undefined && lead)
    values.supportingOrganisationIds = (values.supportingOrganisationIds as string[]).filter(
      (id) => id !== lead,
    );
  if (
    values.electionId !== undefined &&
    values.electionId !== current.electionId &&
    values.phaseKey === undefined
  )
    values.phaseKey = null;
  const domains = (values.domains ?? current.domains) as IncidentDomain[];
  const category = (values.category ?? current.category) as string;
  if (!categoryFits(category, domains)) values.category = 'other';
  const firstSeen = (values.firstSeen === undefined ? current.firstSeen : values.firstSeen) as Date | null;
  const lastSeen = (values.lastSeen === undefined ? current.lastSeen : values.lastSeen) as Date | null;
  if (firstSeen && lastSeen && lastSeen < firstSeen) values.lastSeen = firstSeen;
  return values as Updateable<IncidentsTable>;
};

/** What an update would change, as the history records it. */
export const changesOf = (current: IncidentRow, values: Updateable<IncidentsTable>) =>
  diffStates(
    stateOf(current as unknown as Record<string, unknown>),
    stateOf({ ...current, ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) }),
  );

/** Applies an update to the incident: the row and its `updated` event together. Returns the fields changed. */
export const applyIncidentUpdate = async (
  tx: Tx,
  ctx: Ctx,
  current: IncidentRow,
  values: Updateable<IncidentsTable>,
): Promise<string[]> => {
  const changes = changesOf(current, values);
  if (Object.keys(changes).length === 0) return [];
  const next = { ...values };
  if (next.areaCodes) next.areaScope = await areaScopeOf(tx, next.areaCodes as string[]);
  await updateIncidentRow(tx, current.id, { ...next, version: current.version + 1, updatedAt: ctx.now() });
  await appendIncidentEvent(tx, ctx.actor, { incidentId: current.id, type: 'updated', data: { changes } });
  return Object.keys(changes);
};

/**
 * A new incident of the accepting analyst's organisation at the item's marking, written like every
 * other (its row and `created` event, the notification rules). It keeps the sender's id when the
 * object is an incident whose id is free here, so that the same incident has one id on both sides.
 */
export const createIncidentFromItem = async (
  tx: Tx,
  ctx: Ctx,
  item: { stixId: string; stixType: string },
  proposed: ProposedIncident,
): Promise<IncidentRow> => {
  const uuid = item.stixType === 'incident' ? item.stixId.slice('incident--'.length) : null;
  const free = uuid !== null && (await findIncident(tx, uuid)) === undefined;
  return writeNewIncident(tx, ctx, {
    ...(free ? { id: uuid } : {}),
    tlp: proposed.tlp,
    ownerOrganisationId: ctx.actor.organisationId,
    authorUserId: ctx.actor.userId,
    ...columnsOf(proposed),
    areaScope: await areaScopeOf(tx, proposed.areaCodes),
    reportedVia: 'import',
  });
};

/**
 * Observables (de-duplicated by value, with the note of the relationship to them) and DISARM
 * techniques the incident does not have yet.
 */
export const attachToIncident = async (
  tx: Tx,
  ctx: Ctx,
  incidentId: string,
  found: { observables: readonly ObservableToAttach[]; techniqueIds: readonly string[] },
): Promise<{ observableIds: string[]; techniqueIds: string[] }> => {
  const observableIds: string[] = [];
  const unique = new Map<string, ObservableToAttach>();
  for (const o of found.observables) {
    const key = `${o.type} ${o.value}`;
    if (!unique.get(key)?.note) unique.set(key, o);
  }
  for (const o of unique.values()) {
    const observable = await ensureObservable(tx, { type: o.type, value: o.value, stixId: o.stixId });
    const created = await linkObservable(tx, {
      incidentId,
      observableId: observable.id,
      addedByUserId: ctx.actor.userId,
      note: o.note,
    });
    if (!created) continue;
    observableIds.push(observable.id);
    await appendIncidentEvent(tx, ctx.actor, {
      incidentId,
      type: 'observable_added',
      data: {
        observableId: observable.id,
        type: observable.type,
        value: observable.value,
        stixId: observable.stixId,
        note: o.note,
      },
    });
  }
  const existing = new Set((await listIncidentTechniques(tx, incidentId)).map((t) => t.id));
  const techniqueIds = [...new Set(found.techniqueIds)].filter((id) => !existing.has(id)).sort();
  if (techniqueIds.length > 0) {
    await addIncidentTechniques(tx, incidentId, techniqueIds, ctx.actor.userId);
    await appendIncidentEvent(tx, ctx.actor, {
      incidentId,
      type: 'techniques_changed',
      data: { added: techniqueIds, removed: [] },
    });
  }
  if (observableIds.length > 0 || techniqueIds.length > 0) await touchIncident(tx, incidentId);
  return { observableIds, techniqueIds };
};
