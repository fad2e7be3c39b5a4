import {
  createElectionSchema,
  type CreateElection,
  type Election,
  type ElectionPhase,
  type ScheduleQuery,
  type ScheduleResult,
  scheduleQuerySchema,
  updateElectionSchema,
  type UpdateElection,
} from '../../../shared/contracts/elections.js';
import { yearOf } from '../../../shared/elections/calendar.js';
import { defaultElectionName } from '../../../shared/elections/election-names.js';
import { isPhaseKey, phaseLabels } from '../../../shared/elections/phase-labels.js';
import {
  comparePhases,
  computeSchedule,
  electionSlug,
  ScheduleInputError,
  type ElectionType,
  type Schedule,
  type ScheduleInput,
} from '../../../shared/elections/schedule.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import type { Db, Tx } from '../../db/connection.js';
import { appendAudit } from '../audit/audit-log.js';
import {
  findElectionRow,
  insertElection,
  listElectionRows,
  listPhaseRows,
  lockElection,
  replacePhases,
  slugExists,
  updateElectionRow,
  type ElectionRow,
  type NewPhase,
  type PhaseRow,
} from './election-queries.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const presentPhase = (row: NewPhase): ElectionPhase => ({
  key: row.key,
  label: { fi: row.labelFi, sv: row.labelSv, en: row.labelEn },
  startsOn: row.startsOn,
  endsOn: row.endsOn,
  timeOfDay: row.timeOfDay,
  status: row.status,
  source: row.source,
});

const present = (row: ElectionRow, phases: readonly PhaseRow[]): Election => ({
  id: row.id,
  slug: row.slug,
  type: row.type as ElectionType,
  round: row.round,
  name: { fi: row.nameFi, sv: row.nameSv, en: row.nameEn },
  electionDay: row.electionDay,
  phases: phases.map(presentPhase),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const loadElection = async (db: Db | Tx, idOrSlug: string): Promise<Election | undefined> => {
  const row = await findElectionRow(db, uuidPattern.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug });
  return row ? present(row, await listPhaseRows(db, [row.id])) : undefined;
};

export const getElections = async (ctx: { db: Db }): Promise<Election[]> => {
  const rows = await listElectionRows(ctx.db);
  const phases = await listPhaseRows(
    ctx.db,
    rows.map((row) => row.id),
  );
  return rows.map((row) =>
    present(
      row,
      phases.filter((phase) => phase.electionId === row.id),
    ),
  );
};

export const getElection = async (ctx: { db: Db }, idOrSlug: string): Promise<Election> => {
  const election = await loadElection(ctx.db, idOrSlug);
  if (!election) throw new AppError('not_found', 'No such election.');
  return election;
};

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', message, [{ path, message }]);

const schedule = (input: ScheduleInput, location: 'querystring' | 'body'): Schedule => {
  try {
    return computeSchedule(input);
  } catch (error) {
    if (error instanceof ScheduleInputError) throw invalid(`${location}.${error.field}`, error.message);
    throw error;
  }
};

/** Election day and phases from the rules, for a preview or for an election not yet in the calendar. */
export const getSchedule = (query: ScheduleQuery): ScheduleResult => {
  const q = scheduleQuerySchema.parse(query);
  const s = schedule(
    { type: q.type, year: q.year, round: q.round as 1 | 2 | undefined, day: q.day },
    'querystring',
  );
  return {
    ...s,
    name: defaultElectionName(s.type, s.electionDay, s.round),
    slug: electionSlug(s.type, s.electionDay, s.round),
    phases: s.phases.map((phase) => ({ ...phase, label: phaseLabels[phase.key] })),
  };
};

type PhaseDraft = NewPhase;

const labelFor = (key: string, label: { fi: string; sv: string; en: string } | undefined, path: string) => {
  const chosen = label ?? (isPhaseKey(key) ? phaseLabels[key] : undefined);
  if (!chosen) throw invalid(path, `The phase ${key} is not one the rules know: give its label.`);
  return { labelFi: chosen.fi, labelSv: chosen.sv, labelEn: chosen.en };
};

/** The election day phase and the election's day are one fact: they must agree, and it is one day. */
const electionDayOf = (phases: readonly PhaseDraft[], fallback: string, path: string): string => {
  const phase = phases.find((p) => p.key === 'election_day');
  if (!phase) return fallback;
  if (phase.startsOn !== phase.endsOn) throw invalid(path, 'Election day is one day.');
  return phase.startsOn;
};

const sortPhases = (phases: PhaseDraft[]): PhaseDraft[] => [...phases].sort(comparePhases);

export const createElection = async (ctx: ServiceContext, input: CreateElection): Promise<Election> => {
  const data = createElectionSchema.parse(input);
  const year = data.year ?? yearOf(data.day!);
  const computed = schedule(
    { type: data.type, year, round: data.round as 1 | 2 | undefined, day: data.day },
    'body',
  );
  const phases: PhaseDraft[] = computed.phases.map((phase) => ({
    key: phase.key,
    labelFi: phaseLabels[phase.key].fi,
    labelSv: phaseLabels[phase.key].sv,
    labelEn: phaseLabels[phase.key].en,
    startsOn: phase.startsOn,
    endsOn: phase.endsOn,
    timeOfDay: phase.timeOfDay,
    status: 'computed',
    source: null,
  }));
  (data.phases ?? []).forEach((given, index) => {
    const path = `body.phases.${index}`;
    const existing = phases.find((p) => p.key === given.key);
    const next: PhaseDraft = {
      key: given.key,
      ...(given.label || !existing ? labelFor(given.key, given.label, `${path}.label`) : {}),
      ...(existing && !given.label
        ? { labelFi: existing.labelFi, labelSv: existing.labelSv, labelEn: existing.labelEn }
        : {}),
      startsOn: given.startsOn,
      endsOn: given.endsOn,
      timeOfDay: given.timeOfDay === undefined ? (existing?.timeOfDay ?? null) : given.timeOfDay,
      status: 'adjusted',
      source: null,
    } as PhaseDraft;
    const unchanged =
      existing &&
      existing.startsOn === next.startsOn &&
      existing.endsOn === next.endsOn &&
      existing.timeOfDay === next.timeOfDay &&
      !given.label;
    if (existing) phases.splice(phases.indexOf(existing), 1);
    phases.push(unchanged ? { ...next, status: 'computed' } : next);
  });
  const electionDay = computed.electionDay;
  const dayIndex = (data.phases ?? []).findIndex((p) => p.key === 'election_day');
  if (electionDayOf(phases, electionDay, `body.phases.${dayIndex}.startsOn`) !== electionDay) {
    throw invalid(
      `body.phases.${dayIndex}.startsOn`,
      'Set a different election day with "day", not with the phase.',
    );
  }
  const slug = data.slug ?? electionSlug(computed.type, electionDay, computed.round);
  const name = data.name ?? defaultElectionName(computed.type, electionDay, computed.round);

  return ctx.db.transaction().execute(async (tx) => {
    if (await slugExists(tx, slug))
      throw new AppError('conflict', `An election ${slug} exists already: give another slug.`);
    const { id } = await insertElection(tx, {
      slug,
      type: computed.type,
      round: computed.round,
      nameFi: name.fi,
      nameSv: name.sv,
      nameEn: name.en,
      electionDay,
    });
    await replacePhases(tx, id, sortPhases(phases));
    await appendAudit(tx, ctx.audit, {
      action: 'election.create',
      targetType: 'election',
      targetId: id,
      details: {
        slug,
        type: computed.type,
        round: computed.round,
        electionDay,
        adjustedPhases: (data.phases ?? []).map((p) => p.key),
      },
    });
    return (await loadElection(tx, id))!;
  });
};

export const updateElection = async (
  ctx: ServiceContext,
  idOrSlug: string,
  input: UpdateElection,
): Promise<Election> => {
  const data = updateElectionSchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    const current = await loadElection(tx, idOrSlug);
    if (!current || !(await lockElection(tx, current.id)))
      throw new AppError('not_found', 'No such election.');
    const rows = await listPhaseRows(tx, [current.id]);
    const phases: PhaseDraft[] = rows.map(({ electionId: _e, sortOrder: _s, ...phase }) => phase);
    // A list, not an object keyed by phase: stored keys would be re-cased on the way back.
    const before: ElectionPhase[] = [];

    (data.phases ?? []).forEach((change, index) => {
      const path = `body.phases.${index}`;
      const existing = phases.find((p) => p.key === change.key);
      if (!existing && (change.startsOn === undefined || change.endsOn === undefined))
        throw invalid(`${path}.startsOn`, `A new phase ${change.key} needs its start and end.`);
      const next: PhaseDraft = {
        key: change.key,
        ...(existing
          ? { labelFi: existing.labelFi, labelSv: existing.labelSv, labelEn: existing.labelEn }
          : labelFor(change.key, change.label, `${path}.label`)),
        ...(change.label
          ? { labelFi: change.label.fi, labelSv: change.label.sv, labelEn: change.label.en }
          : {}),
        startsOn: change.startsOn ?? existing!.startsOn,
        endsOn: change.endsOn ?? existing!.endsOn,
        timeOfDay: change.timeOfDay === undefined ? (existing?.timeOfDay ?? null) : change.timeOfDay,
        status: 'adjusted',
        source: existing?.source ?? null,
      } as PhaseDraft;
      if (next.endsOn < next.startsOn)
        throw invalid(`${path}.endsOn`, 'A phase cannot end before it starts.');
      if (existing) {
        before.push(presentPhase(existing));
        phases.splice(phases.indexOf(existing), 1, next);
      } else phases.push(next);
    });

    const dayIndex = (data.phases ?? []).findIndex((p) => p.key === 'election_day');
    const electionDay = electionDayOf(phases, current.electionDay, `body.phases.${dayIndex}.endsOn`);
    await updateElectionRow(tx, current.id, {
      nameFi: data.name?.fi,
      nameSv: data.name?.sv,
      nameEn: data.name?.en,
      electionDay,
    });
    if (data.phases) await replacePhases(tx, current.id, sortPhases(phases));
    await appendAudit(tx, ctx.audit, {
      action: 'election.update',
      targetType: 'election',
      targetId: current.id,
      details: { changes: data, before: { name: current.name, phases: before } },
    });
    return (await loadElection(tx, current.id))!;
  });
};
