import type { Tlp } from '../../../../shared/access/tlp.js';
import type { ProposedIncident } from '../../../../shared/contracts/exchange-imports.js';
import {
  impactLevels,
  incidentDomains,
  sourceReliabilities,
  type IncidentDomain,
} from '../../../../shared/contracts/incident-enums.js';
import { categoryFits } from '../../../../shared/taxonomy/incident-categories.js';
import type { Db, Tx } from '../../../db/connection.js';
import { incidentCoreExtensionId } from '../stix/incident-core.js';
import type { StixObject } from '../stix/stix-types.js';
import { vaalivahtiExtensionId } from '../stix/vaalivahti-extension.js';
import { titleOf } from './workbench-intake.js';

/** The incident fields an imported object can set; `given` says which it actually carries. */
export type ProposedField = Exclude<keyof ProposedIncident, 'tlp'>;

export interface IncidentDraft {
  values: Omit<ProposedIncident, 'electionId' | 'areaCodes'> & {
    electionSlug: string | null;
    areaCodes: string[];
  };
  given: ReadonlySet<ProposedField>;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  values.includes(value as T) ? (value as T) : undefined;
const timestamp = (value: unknown): string | undefined =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;

/** STIX confidence (0–100) → Admiralty information credibility, the inverse of our export's table. */
const credibilityOf = (confidence: unknown): number | undefined => {
  if (typeof confidence !== 'number') return undefined;
  if (confidence >= 80) return 1;
  if (confidence >= 60) return 2;
  if (confidence >= 40) return 3;
  if (confidence >= 20) return 4;
  return confidence > 0 ? 5 : 6;
};

/**
 * What an imported incident or report becomes: our extension's fields when a Vaalivahti instance
 * sent it; otherwise STIX's own (name, description, confidence, the Incident Core criticality) and
 * the defaults of a record still to be triaged (no domain, category "other", severity 3).
 */
export const draftIncident = (object: StixObject, tlp: Tlp): IncidentDraft => {
  const ours = object.extensions?.[vaalivahtiExtensionId] ?? {};
  const core = object.extensions?.[incidentCoreExtensionId] ?? {};
  const given = new Set<ProposedField>(['title']);
  const pick = <T>(field: ProposedField, value: T | undefined, fallback: T): T => {
    if (value === undefined) return fallback;
    given.add(field);
    return value;
  };

  const domains = Array.isArray(ours.domains)
    ? ours.domains.filter((d): d is IncidentDomain => oneOf(incidentDomains, d) !== undefined)
    : undefined;
  const category = text(ours.category);
  const criticality = typeof core.criticality === 'number' ? core.criticality : undefined;
  const severity =
    typeof ours.severity === 'number' &&
    Number.isInteger(ours.severity) &&
    ours.severity >= 1 &&
    ours.severity <= 5
      ? ours.severity
      : criticality !== undefined
        ? Math.min(5, Math.max(1, Math.round(criticality / 20)))
        : undefined;
  const credibility =
    typeof ours.information_credibility === 'number' &&
    [1, 2, 3, 4, 5, 6].includes(ours.information_credibility)
      ? ours.information_credibility
      : credibilityOf(object.confidence);
  const election = ours.election as { slug?: unknown } | undefined;
  const phase = ours.phase as { key?: unknown } | undefined;
  const areas = Array.isArray(ours.areas)
    ? (ours.areas as { code?: unknown }[]).flatMap((a) => (typeof a?.code === 'string' ? [a.code] : []))
    : undefined;

  const chosenDomains = pick('domains', domains, []);
  const values: IncidentDraft['values'] = {
    title: titleOf(object),
    description: pick('description', text(object.description), ''),
    domains: chosenDomains,
    category: pick(
      'category',
      category && categoryFits(category, chosenDomains) ? category : undefined,
      'other',
    ),
    severity: pick('severity', severity, 3),
    impactOnConduct: pick('impactOnConduct', oneOf(impactLevels, ours.impact_conduct), 'none'),
    impactOnConfidence: pick('impactOnConfidence', oneOf(impactLevels, ours.impact_confidence), 'none'),
    sourceReliability: pick('sourceReliability', oneOf(sourceReliabilities, ours.source_reliability), 'F'),
    informationCredibility: pick(
      'informationCredibility',
      credibility,
      6,
    ) as ProposedIncident['informationCredibility'],
    electionSlug: pick('electionId', text(election?.slug), null),
    phaseKey: pick('phaseKey', text(phase?.key), null),
    areaCodes: pick('areaCodes', areas, []),
    firstSeen: pick('firstSeen', timestamp(ours.first_seen), null),
    lastSeen: pick('lastSeen', timestamp(ours.last_seen), null),
    tlp,
  };
  return { values, given };
};

/** The draft with references made ours: the election of the same slug, its phase, areas we know. */
export const resolveDraft = async (db: Db | Tx, draft: IncidentDraft): Promise<ProposedIncident> => {
  const { electionSlug, ...values } = draft.values;
  const election = electionSlug
    ? await db.selectFrom('elections').select('id').where('slug', '=', electionSlug).executeTakeFirst()
    : undefined;
  const phase =
    election && values.phaseKey
      ? await db
          .selectFrom('electionPhases')
          .select('key')
          .where('electionId', '=', election.id)
          .where('key', '=', values.phaseKey)
          .executeTakeFirst()
      : undefined;
  const areaCodes =
    values.areaCodes.length === 0
      ? []
      : (await db.selectFrom('areas').select('code').where('code', 'in', values.areaCodes).execute())
          .map((a) => a.code)
          .sort();
  const firstSeen = values.firstSeen;
  const lastSeen = firstSeen && values.lastSeen && values.lastSeen < firstSeen ? firstSeen : values.lastSeen;
  return {
    ...values,
    electionId: election?.id ?? null,
    phaseKey: phase?.key ?? null,
    areaCodes,
    lastSeen,
  };
};
