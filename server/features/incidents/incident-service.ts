import { randomUUID } from 'node:crypto';
import { can } from '../../../shared/access/roles.js';
import { canChangeMarking, canSee, type Shareable } from '../../../shared/access/tlp.js';
import {
  canMoveTo,
  createIncidentSchema,
  fromIncidentId,
  toIncidentId,
  intakeSchema,
  type BulkRequest,
  type CreateIncident,
  type Incident,
  type IncidentFilters,
  type IncidentListQuery,
  type IncidentStatus,
  type Intake,
  type UpdateIncident,
} from '../../../shared/contracts/incidents.js';
import { AppError } from '../../../shared/errors.js';
import { categoryFits } from '../../../shared/taxonomy/incident-categories.js';
import { assertEditable, auditRedRead } from '../../access/record-access.js';
import type { ServiceContext } from '../../context.js';
import type { Db, Tx } from '../../db/connection.js';
import type { IncidentsTable } from '../../db/schema-incidents.js';
import { appendAudit } from '../audit/audit-log.js';
import { mergeIncidents } from '../links/merge.js';
import {
  onIncidentCreated,
  onIncidentEscalated,
  onLeadAssigned,
} from '../notifications/notification-rules.js';
import { canRoute, incidentStewards, loadVisibleIncident, requireIncidentUuid } from './incident-access.js';
import { appendIncidentEvent } from './incident-events.js';
import { diffStates, stateOf } from './incident-history.js';
import { presentIncident, shareableOf } from './incident-presenter.js';
import {
  areaScopeOf,
  coordinatorOrganisations,
  findIncident,
  incidentFacets,
  insertIncidentsWithEvents,
  listIncidentEvents,
  listIncidents,
  missingIds,
  updateIncidentRow,
  type IncidentRow,
  type NewIncidentRow,
  type NewIncidentWrite,
} from './incident-queries.js';
import { insertIncidentWithEventBatched } from './incident-write-batch.js';
import type { Insertable, Updateable } from 'kysely';

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', message, [{ path, message }]);

/** References must exist: organisations, communities, users, the election and its phase, areas. */
const checkReferences = async (
  db: Db | Tx,
  values: {
    leadOrganisationId?: string | null | undefined;
    supportingOrganisationIds?: readonly string[] | undefined;
    sharedWith?: {
      organisations: readonly string[];
      communities: readonly string[];
      users: readonly string[];
    };
    electionId?: string | null | undefined;
    phaseKey?: string | null | undefined;
  },
) => {
  const organisations = [
    ...(values.leadOrganisationId ? [values.leadOrganisationId] : []),
    ...(values.supportingOrganisationIds ?? []),
    ...(values.sharedWith?.organisations ?? []),
  ];
  if ((await missingIds(db, 'organisations', organisations)).length > 0) {
    throw invalid('body', 'An organisation does not exist.');
  }
  if ((await missingIds(db, 'communities', values.sharedWith?.communities ?? [])).length > 0) {
    throw invalid('body.sharedWith.communities', 'A community does not exist.');
  }
  if ((await missingIds(db, 'users', values.sharedWith?.users ?? [])).length > 0) {
    throw invalid('body.sharedWith.users', 'A user does not exist.');
  }
  if (values.electionId) {
    if ((await missingIds(db, 'elections', [values.electionId])).length > 0) {
      throw invalid('body.electionId', 'The election does not exist.');
    }
    if (values.phaseKey) {
      const phase = await db
        .selectFrom('electionPhases')
        .select('key')
        .where('electionId', '=', values.electionId)
        .where('key', '=', values.phaseKey)
        .executeTakeFirst();
      if (!phase) throw invalid('body.phaseKey', 'The election has no such phase.');
    }
  } else if (values.phaseKey) {
    throw invalid('body.phaseKey', 'A phase needs an election.');
  }
};

const checkSeen = (firstSeen: Date | null, lastSeen: Date | null) => {
  if (firstSeen && lastSeen && lastSeen < firstSeen) {
    throw invalid('body.lastSeen', 'Last seen is before first seen.');
  }
};

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * The history fields a caller may leave out, as the database's defaults are (migration 0003). A new
 * row is written with every one of them, so its first event states exactly what the row holds.
 */
export const newIncidentDefaults = {
  description: '',
  impactConduct: 'none',
  impactConfidence: 'none',
  sourceReliability: 'F',
  informationCredibility: 6,
  status: 'new',
  closingReason: null,
  duplicateOfId: null,
  leadOrganisationId: null,
  supportingOrganisationIds: [],
  electionId: null,
  phaseKey: null,
  areaCodes: [],
  areaScope: [],
  firstSeen: null,
  lastSeen: null,
  sharedOrganisationIds: [],
  sharedCommunityIds: [],
  sharedUserIds: [],
} satisfies Partial<Insertable<IncidentsTable>>;

type FirstEvent = 'created' | 'reported';
type Writer = Pick<ServiceContext, 'actor' | 'audit'>;
type NewIncident = Insertable<IncidentsTable>;

const firstWrite = (ctx: Writer, values: NewIncident, type: FirstEvent): NewIncidentWrite => {
  const given = Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as NewIncident;
  const row = { id: randomUUID(), intake: null, ...newIncidentDefaults, ...given } as NewIncidentRow;
  return { row, event: { type, actor: ctx.actor, data: { state: stateOf(row) } } };
};

/**
 * Writes a new incident as every path does, in the caller's transaction: the row and its first
 * event, the read of a red one in the audit trail, the notification rules.
 */
export const writeNewIncident = async (
  tx: Tx,
  ctx: Writer,
  values: NewIncident,
  type: FirstEvent = 'created',
): Promise<IncidentRow> => {
  const [row] = (await insertIncidentsWithEvents(tx, [firstWrite(ctx, values, type)])) as [IncidentRow];
  if (row.tlp === 'red')
    await auditRedRead(tx, ctx.audit, { ...shareableOf(row), id: toIncidentId(row.id) }, 'incident');
  await onIncidentCreated(tx, row.id, { actorUserId: ctx.actor.userId });
  if (row.leadOrganisationId) {
    await onLeadAssigned(tx, row.id, row.leadOrganisationId, { actorUserId: ctx.actor.userId });
  }
  return row;
};

/**
 * The same without a transaction, in one statement shared with the creations arriving at the same
 * time, when there is nothing else to write: not red (audited), no lead organisation to tell, no
 * subscription of anyone else matching. Otherwise in a transaction.
 */
const createNewIncident = async (ctx: ServiceContext, values: NewIncident, type: FirstEvent) => {
  if (values.tlp !== 'red' && !values.leadOrganisationId) {
    const row = await insertIncidentWithEventBatched(ctx.db, {
      ...firstWrite(ctx, values, type),
      unlessSubscribedExcept: [ctx.actor.userId, values.authorUserId],
    });
    if (row) return row;
  }
  return ctx.db.transaction().execute((tx) => writeNewIncident(tx, ctx, values, type));
};

export const createIncident = async (ctx: ServiceContext, input: CreateIncident): Promise<Incident> => {
  const data = createIncidentSchema.parse(input);
  if (!categoryFits(data.category, data.domains)) {
    throw invalid('body.category', 'The category does not belong to the chosen domains.');
  }
  checkSeen(data.firstSeen ? new Date(data.firstSeen) : null, data.lastSeen ? new Date(data.lastSeen) : null);
  // Read before the write, as inside a transaction at read committed: only what is given is looked up.
  await checkReferences(ctx.db, data);
  const row = await createNewIncident(
    ctx,
    {
      tlp: data.tlp,
      ownerOrganisationId: ctx.actor.organisationId,
      authorUserId: ctx.actor.userId,
      sharedOrganisationIds: unique(data.sharedWith.organisations),
      sharedCommunityIds: unique(data.sharedWith.communities),
      sharedUserIds: unique(data.sharedWith.users),
      title: data.title,
      description: data.description,
      domains: data.domains,
      category: data.category,
      severity: data.severity,
      impactConduct: data.impactOnConduct,
      impactConfidence: data.impactOnConfidence,
      sourceReliability: data.sourceReliability,
      informationCredibility: data.informationCredibility,
      leadOrganisationId: data.leadOrganisationId,
      supportingOrganisationIds: unique(data.supportingOrganisationIds),
      electionId: data.electionId,
      phaseKey: data.phaseKey,
      areaCodes: unique(data.areaCodes),
      areaScope: await areaScopeOf(ctx.db, data.areaCodes),
      firstSeen: data.firstSeen ? new Date(data.firstSeen) : null,
      lastSeen: data.lastSeen ? new Date(data.lastSeen) : null,
      reportedVia: 'analyst',
    },
    'created',
  );
  return presentIncident(ctx.actor, row);
};

/** A title from the reporter's own words: the first line, cut at a word near 120 characters. */
export const titleFromText = (text: string): string => {
  const firstLine = text.trim().split(/\r?\n/)[0]!.trim();
  if (firstLine.length <= 120) return firstLine;
  const cut = firstLine.slice(0, 120);
  const space = cut.lastIndexOf(' ');
  return `${(space > 60 ? cut.slice(0, space) : cut).trimEnd()}…`;
};

/**
 * A report from an election official: amber, shared with the coordinators' organisations, status
 * new, to be classified in triage (no domain yet, category "other").
 */
export const reportIncident = async (ctx: ServiceContext, input: Intake): Promise<Incident> => {
  const data = intakeSchema.parse(input);
  await checkReferences(ctx.db, { electionId: data.electionId });
  const coordinators = (await coordinatorOrganisations(ctx.db)).filter(
    (id) => id !== ctx.actor.organisationId,
  );
  const row = await createNewIncident(
    ctx,
    {
      tlp: 'amber',
      ownerOrganisationId: ctx.actor.organisationId,
      authorUserId: ctx.actor.userId,
      sharedOrganisationIds: coordinators,
      title: titleFromText(data.whatHappened),
      description: data.whatHappened,
      domains: [],
      category: 'other',
      severity: 3,
      electionId: data.electionId,
      areaCodes: unique(data.where.areaCodes),
      areaScope: await areaScopeOf(ctx.db, data.where.areaCodes),
      firstSeen: new Date(data.when),
      reportedVia: 'intake',
      intake: {
        place: data.where.place,
        when: data.when,
        howDoYouKnow: data.howDoYouKnow,
        howDoYouKnowDetails: data.howDoYouKnowDetails,
        links: data.links,
      },
    },
    'reported',
  );
  return presentIncident(ctx.actor, row);
};

export const getIncident = async (ctx: ServiceContext, id: string): Promise<Incident> => {
  const uuid = requireIncidentUuid(id);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await findIncident(tx, uuid);
    const visible = row && canSee(ctx.actor, shareableOf(row)) ? row : undefined;
    if (!visible) throw new AppError('not_found', 'No such incident.');
    await auditRedRead(tx, ctx.audit, { ...shareableOf(visible), id: toIncidentId(visible.id) }, 'incident');
    return presentIncident(ctx.actor, visible);
  });
};

export const getIncidents = async (ctx: ServiceContext, query: IncidentListQuery) => {
  const { rows, nextCursor } = await listIncidents(ctx.db, ctx.actor, query);
  return { items: rows.map((row) => presentIncident(ctx.actor, row)), nextCursor };
};

export const getIncidentFacets = async (ctx: ServiceContext, filters: IncidentFilters) =>
  incidentFacets(ctx.db, ctx.actor, filters);

export const getIncidentEvents = async (ctx: ServiceContext, id: string) => {
  const incident = await loadVisibleIncident(ctx.db, ctx.actor, id);
  const events = await listIncidentEvents(ctx.db, incident.id);
  return {
    items: events.map((e) => ({
      id: Number(e.id),
      type: e.type,
      actorUserId: e.actorUserId,
      actorOrganisationId: e.actorOrganisationId,
      occurredAt: e.occurredAt.toISOString(),
      data: e.data,
    })),
  };
};

/** Fields a reporter may change on their own report; the rest is for analysts and coordinators. */
const reporterFields = new Set(['title', 'description', 'areaCodes', 'firstSeen', 'lastSeen', 'version']);

type Patch = Omit<UpdateIncident, 'version'>;

/**
 * The one path every change of an incident's main fields takes (PATCH and bulk actions): access,
 * marking rules, the status workflow, references, then the row and its `updated` event together.
 */
const applyPatch = async (
  tx: Tx,
  ctx: ServiceContext,
  uuid: string,
  patch: Patch,
  expectedVersion: number | null,
): Promise<IncidentRow> => {
  const before = await findIncident(tx, uuid, { forUpdate: true });
  const record = before ? shareableOf(before) : undefined;
  assertEditable(ctx.actor, record, 'incident');
  const current = before!;
  if (expectedVersion !== null && expectedVersion !== current.version) {
    throw new AppError(
      'version_conflict',
      `The incident has changed since you opened it (version ${expectedVersion}, now ${current.version}).`,
    );
  }
  if (!can(ctx.actor, 'content.edit') && Object.keys(patch).some((k) => !reporterFields.has(k))) {
    throw new AppError('forbidden', 'Your role may change only the description of your own report.');
  }

  const routes =
    (patch.leadOrganisationId !== undefined && patch.leadOrganisationId !== current.leadOrganisationId) ||
    (patch.supportingOrganisationIds !== undefined &&
      JSON.stringify(unique(patch.supportingOrganisationIds).sort()) !==
        JSON.stringify([...current.supportingOrganisationIds].sort()));
  if (routes && !canRoute(ctx.actor, shareableOf(current), current.leadOrganisationId)) {
    throw new AppError(
      'forbidden',
      'Only coordinators, the owning organisation or the current lead authority may assign the lead and supporting organisations.',
    );
  }

  const asked: Shareable = {
    tlp: patch.tlp ?? current.tlp,
    ownerOrganisationId: current.ownerOrganisationId,
    authorUserId: current.authorUserId,
    sharedWith: {
      organisations: unique(patch.sharedWith?.organisations ?? current.sharedOrganisationIds),
      communities: unique(patch.sharedWith?.communities ?? current.sharedCommunityIds),
      users: unique(patch.sharedWith?.users ?? current.sharedUserIds),
    },
  };
  if (
    !canChangeMarking(ctx.actor, shareableOf(current), asked, {
      stewardOrganisationIds: incidentStewards(current),
    })
  ) {
    throw new AppError(
      'marking_not_allowed',
      'Only the owning organisation or the lead authority may lower the marking or share the incident more widely.',
    );
  }
  // The lead and supporting organisations need to know: routing shares the incident with them.
  const routedTo = routes
    ? [
        ...(patch.leadOrganisationId ? [patch.leadOrganisationId] : []),
        ...(patch.supportingOrganisationIds ?? []),
      ].filter((id) => id !== current.ownerOrganisationId)
    : [];
  const next: Shareable = {
    ...asked,
    sharedWith: {
      ...asked.sharedWith,
      organisations: unique([...asked.sharedWith.organisations, ...routedTo]),
    },
  };

  const domains = patch.domains ?? (current.domains as NonNullable<Patch['domains']>);
  const category = patch.category ?? current.category;
  if ((patch.domains || patch.category) && !categoryFits(category, domains)) {
    throw invalid('body.category', 'The category does not belong to the chosen domains.');
  }

  const status = (patch.status ?? current.status) as IncidentStatus;
  if (!canMoveTo(current.status as IncidentStatus, status)) {
    throw new AppError('invalid_transition', `An incident cannot move from ${current.status} to ${status}.`);
  }
  const closingReason = status === 'closed' ? (patch.closingReason ?? current.closingReason) : null;
  if (status === 'closed' && !closingReason) {
    throw invalid('body.closingReason', 'Closing needs a reason.');
  }
  const duplicateOf =
    closingReason === 'duplicate'
      ? patch.duplicateOfId !== undefined
        ? patch.duplicateOfId && fromIncidentId(patch.duplicateOfId)
        : current.duplicateOfId
      : null;
  if (closingReason === 'duplicate' && !duplicateOf) {
    throw invalid('body.duplicateOfId', 'Closing as a duplicate needs the incident it duplicates.');
  }
  if (duplicateOf === uuid) throw invalid('body.duplicateOfId', 'An incident cannot duplicate itself.');

  const electionId = patch.electionId !== undefined ? patch.electionId : current.electionId;
  const phaseKey =
    patch.phaseKey !== undefined ? patch.phaseKey : patch.electionId !== undefined ? null : current.phaseKey;
  await checkReferences(tx, {
    leadOrganisationId: patch.leadOrganisationId,
    supportingOrganisationIds: patch.supportingOrganisationIds,
    sharedWith: patch.sharedWith
      ? {
          organisations: patch.sharedWith.organisations ?? [],
          communities: patch.sharedWith.communities ?? [],
          users: patch.sharedWith.users ?? [],
        }
      : undefined,
    electionId,
    phaseKey,
  });
  const firstSeen =
    patch.firstSeen !== undefined ? (patch.firstSeen ? new Date(patch.firstSeen) : null) : current.firstSeen;
  const lastSeen =
    patch.lastSeen !== undefined ? (patch.lastSeen ? new Date(patch.lastSeen) : null) : current.lastSeen;
  checkSeen(firstSeen, lastSeen);

  const values: Updateable<IncidentsTable> = {
    title: patch.title,
    description: patch.description,
    domains: patch.domains,
    category: patch.category,
    severity: patch.severity,
    impactConduct: patch.impactOnConduct,
    impactConfidence: patch.impactOnConfidence,
    sourceReliability: patch.sourceReliability,
    informationCredibility: patch.informationCredibility,
    status,
    closingReason,
    duplicateOfId: duplicateOf,
    leadOrganisationId: patch.leadOrganisationId,
    supportingOrganisationIds: patch.supportingOrganisationIds && unique(patch.supportingOrganisationIds),
    electionId,
    phaseKey,
    firstSeen,
    lastSeen,
    tlp: next.tlp,
    sharedOrganisationIds: [...next.sharedWith.organisations],
    sharedCommunityIds: [...next.sharedWith.communities],
    sharedUserIds: [...next.sharedWith.users],
  };
  if (patch.areaCodes) {
    values.areaCodes = unique(patch.areaCodes);
    values.areaScope = await areaScopeOf(tx, values.areaCodes);
  }

  const changes = diffStates(
    stateOf(current as unknown as Record<string, unknown>),
    stateOf({ ...current, ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) }),
  );
  if (Object.keys(changes).length === 0) return current;

  if (duplicateOf && changes.duplicateOfId) {
    // Closing as a duplicate is a merge: sub-records move to the survivor, which closes this one;
    // then the patch's other fields, if any, apply to the tombstone.
    await mergeIncidents(tx, ctx, uuid, duplicateOf);
    const { status: _status, closingReason: _reason, duplicateOfId: _duplicate, ...rest } = patch;
    return applyPatch(tx, ctx, uuid, rest, null);
  }

  const after = await updateIncidentRow(tx, uuid, {
    ...values,
    version: current.version + 1,
    updatedAt: ctx.now(),
  });
  await appendIncidentEvent(tx, ctx.actor, { incidentId: uuid, type: 'updated', data: { changes } });

  if (changes.tlp || changes.sharedOrganisationIds || changes.sharedCommunityIds || changes.sharedUserIds) {
    await appendAudit(tx, ctx.audit, {
      action: 'incident.marking_changed',
      targetType: 'incident',
      targetId: toIncidentId(uuid),
      details: Object.fromEntries(
        ['tlp', 'sharedOrganisationIds', 'sharedCommunityIds', 'sharedUserIds']
          .filter((f) => changes[f])
          .map((f) => [f, changes[f]]),
      ),
    });
  }
  if (changes.severity && after.severity > current.severity) {
    await onIncidentEscalated(tx, uuid, {
      fromSeverity: current.severity,
      toSeverity: after.severity,
      actorUserId: ctx.actor.userId,
    });
  }
  if (changes.leadOrganisationId && after.leadOrganisationId) {
    await onLeadAssigned(tx, uuid, after.leadOrganisationId, { actorUserId: ctx.actor.userId });
  }
  return after;
};

export const updateIncident = async (
  ctx: ServiceContext,
  id: string,
  input: UpdateIncident,
): Promise<Incident> => {
  const uuid = requireIncidentUuid(id);
  const { version, ...patch } = input;
  return ctx.db
    .transaction()
    .execute(async (tx) => presentIncident(ctx.actor, await applyPatch(tx, ctx, uuid, patch, version)));
};

/** The patch a bulk action makes to one incident. */
const bulkPatch = async (tx: Tx, uuid: string, action: BulkRequest['action']): Promise<Patch> => {
  switch (action.type) {
    case 'set_status':
      return {
        status: action.status,
        ...(action.closingReason ? { closingReason: action.closingReason } : {}),
      };
    case 'set_severity':
      return { severity: action.severity };
    case 'assign_lead':
      return { leadOrganisationId: action.organisationId };
    case 'merge_into':
      return { status: 'closed', closingReason: 'duplicate', duplicateOfId: action.survivorId };
    case 'add_domain': {
      const row = await findIncident(tx, uuid);
      const domains = (row?.domains ?? []) as NonNullable<Patch['domains']>;
      return domains.includes(action.domain) ? {} : { domains: [...domains, action.domain] };
    }
    case 'share': {
      const row = await findIncident(tx, uuid);
      if (!row) return {};
      return {
        sharedWith: {
          organisations: unique([...row.sharedOrganisationIds, ...action.organisations]),
          communities: unique([...row.sharedCommunityIds, ...(action.communities ?? [])]),
          users: row.sharedUserIds,
        },
      };
    }
  }
};

/** One action on many incidents in one transaction: all change, or none. */
export const bulkUpdate = async (ctx: ServiceContext, request: BulkRequest) => {
  const ids = unique(request.ids.map(requireIncidentUuid)).sort();
  if (request.action.type === 'merge_into' && ids.includes(fromIncidentId(request.action.survivorId))) {
    throw invalid('body.action.survivorId', 'An incident cannot be merged into itself.');
  }
  return ctx.db.transaction().execute(async (tx) => {
    for (const uuid of ids) {
      await applyPatch(tx, ctx, uuid, await bulkPatch(tx, uuid, request.action), null);
    }
    await appendAudit(tx, ctx.audit, {
      action: 'incident.bulk',
      targetType: 'incident',
      details: { action: request.action.type, ids },
    });
    return { updated: ids.length, ids: request.ids };
  });
};
