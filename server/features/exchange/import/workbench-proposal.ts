import type { Tlp } from '../../../../shared/access/tlp.js';
import type { ProposedIncident, Unapplied } from '../../../../shared/contracts/exchange-imports.js';
import {
  closingReasons,
  impactLevels,
  incidentDomains,
  incidentStatuses,
  sourceReliabilities,
  type IncidentDomain,
} from '../../../../shared/contracts/incident-enums.js';
import { categoryFits } from '../../../../shared/taxonomy/incident-categories.js';
import type { Db, Tx } from '../../../db/connection.js';
import { incidentCoreExtensionId } from '../stix/incident-core.js';
import type { StixObject } from '../stix/stix-types.js';
import { vaalivahtiExtensionId } from '../stix/vaalivahti-extension.js';
import { organisationUuidOf } from './stix-refs.js';
import { titleOf } from './workbench-intake.js';

/** The incident fields an imported object can set; `given` says which it actually carries. */
export type ProposedField = Exclude<keyof ProposedIncident, 'tlp'>;

type ResolvedLater = 'electionId' | 'areaCodes' | 'leadOrganisationId' | 'supportingOrganisationIds';

export interface IncidentDraft {
  values: Omit<ProposedIncident, ResolvedLater> & {
    electionSlug: string | null;
    areaCodes: string[];
    leadOrganisationRef: string | null;
    supportingOrganisationRefs: string[];
  };
  given: ReadonlySet<ProposedField>;
  /** A closing as a duplicate (of this id, when named): a merge here, never taken over. */
  closedAsDuplicateOf: string | null | undefined;
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
 * A Vaalivahti sender leaves out what has no value (STIX has no null), so with our extension an
 * absent description, first or last seen, election or area list says "none" and is given too;
 * a foreign object without a property says nothing about it.
 */
export const draftIncident = (object: StixObject, tlp: Tlp): IncidentDraft => {
  const fromVaalivahti = object.extensions?.[vaalivahtiExtensionId] !== undefined;
  const ours = object.extensions?.[vaalivahtiExtensionId] ?? {};
  const core = object.extensions?.[incidentCoreExtensionId] ?? {};
  const given = new Set<ProposedField>(['title']);
  const pick = <T>(field: ProposedField, value: T | undefined, fallback: T, absentIsNone = false): T => {
    if (value === undefined) {
      if (absentIsNone && fromVaalivahti) given.add(field);
      return fallback;
    }
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
  const status = oneOf(incidentStatuses, ours.status);
  const closingReason = oneOf(closingReasons, ours.closing_reason);
  const closedAsDuplicate = status === 'closed' && closingReason === 'duplicate';
  const statusTaken =
    status !== undefined && (status !== 'closed' || (closingReason !== undefined && !closedAsDuplicate));
  if (statusTaken) given.add('status').add('closingReason');
  const lead = text(ours.lead_organisation_ref);
  const supporting = Array.isArray(ours.supporting_organisation_refs)
    ? ours.supporting_organisation_refs.filter((r): r is string => typeof r === 'string')
    : [];

  const chosenDomains = pick('domains', domains, []);
  const values: IncidentDraft['values'] = {
    title: titleOf(object),
    description: pick('description', text(object.description), '', true),
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
    electionSlug: pick('electionId', text(election?.slug), null, true),
    phaseKey: pick('phaseKey', text(phase?.key), null, true),
    areaCodes: pick('areaCodes', areas, [], true),
    firstSeen: pick('firstSeen', timestamp(ours.first_seen), null, true),
    lastSeen: pick('lastSeen', timestamp(ours.last_seen), null, true),
    status: statusTaken ? status : 'new',
    closingReason: statusTaken && status === 'closed' ? closingReason! : null,
    leadOrganisationRef: lead ?? null,
    supportingOrganisationRefs: supporting,
    tlp,
  };
  return {
    values,
    given,
    closedAsDuplicateOf: closedAsDuplicate ? (text(ours.duplicate_of_ref) ?? null) : undefined,
  };
};

export interface ResolvedDraft {
  proposed: ProposedIncident;
  /** The draft's fields, less those naming what is not here (an update leaves them as they are). */
  given: ReadonlySet<ProposedField>;
  /** What the object says that no record here can hold. */
  unapplied: Unapplied[];
}

/**
 * The draft with references made ours: the election of the same slug, its phase, areas and
 * organisations we know. What is not here is reported, and an update leaves the incident's own
 * value of it alone.
 */
export const resolveDraft = async (
  db: Db | Tx,
  object: Pick<StixObject, 'id' | 'type'>,
  draft: IncidentDraft,
): Promise<ResolvedDraft> => {
  const { electionSlug, leadOrganisationRef, supportingOrganisationRefs, ...values } = draft.values;
  const given = new Set(draft.given);
  const unapplied: Unapplied[] = [];
  const report = (property: string, reason: Unapplied['reason'], references: string[]) =>
    unapplied.push({ stixId: object.id, stixType: object.type, property, reason, references });

  const election = electionSlug
    ? await db.selectFrom('elections').select('id').where('slug', '=', electionSlug).executeTakeFirst()
    : undefined;
  if (electionSlug && !election) {
    report('election', 'election_not_here', [electionSlug]);
    given.delete('electionId');
    given.delete('phaseKey');
  }
  const phase =
    election && values.phaseKey
      ? await db
          .selectFrom('electionPhases')
          .select('key')
          .where('electionId', '=', election.id)
          .where('key', '=', values.phaseKey)
          .executeTakeFirst()
      : undefined;
  if (election && values.phaseKey && !phase) {
    report('phase', 'phase_not_here', [values.phaseKey]);
    given.delete('phaseKey');
  }

  const knownAreas =
    values.areaCodes.length === 0
      ? new Set<string>()
      : new Set(
          (await db.selectFrom('areas').select('code').where('code', 'in', values.areaCodes).execute()).map(
            (a) => a.code,
          ),
        );
  const areaCodes = [...new Set(values.areaCodes)].filter((code) => knownAreas.has(code));
  const unknownAreas = [...new Set(values.areaCodes)].filter((code) => !knownAreas.has(code));
  if (unknownAreas.length > 0) report('areas', 'area_not_here', unknownAreas);

  const organisationRefs = [
    ...new Set([...(leadOrganisationRef ? [leadOrganisationRef] : []), ...supportingOrganisationRefs]),
  ];
  const uuids = organisationRefs.flatMap((ref) => organisationUuidOf(ref) ?? []);
  const known = new Set(
    uuids.length === 0
      ? []
      : (await db.selectFrom('organisations').select('id').where('id', 'in', uuids).execute()).map(
          (o) => o.id,
        ),
  );
  const ours = (ref: string) => {
    const uuid = organisationUuidOf(ref);
    return uuid && known.has(uuid) ? uuid : null;
  };
  const leadOrganisationId = leadOrganisationRef ? ours(leadOrganisationRef) : null;
  if (leadOrganisationRef && !leadOrganisationId)
    report('lead_organisation_ref', 'organisation_not_here', [leadOrganisationRef]);
  if (leadOrganisationId) given.add('leadOrganisationId');
  const supportingOrganisationIds = supportingOrganisationRefs.flatMap((ref) => ours(ref) ?? []);
  const unknownSupporting = supportingOrganisationRefs.filter((ref) => !ours(ref));
  if (unknownSupporting.length > 0)
    report('supporting_organisation_refs', 'organisation_not_here', unknownSupporting);
  if (supportingOrganisationIds.length > 0) given.add('supportingOrganisationIds');

  if (draft.closedAsDuplicateOf !== undefined)
    report('closing_reason', 'not_applicable', draft.closedAsDuplicateOf ? [draft.closedAsDuplicateOf] : []);

  const firstSeen = values.firstSeen;
  const lastSeen = firstSeen && values.lastSeen && values.lastSeen < firstSeen ? firstSeen : values.lastSeen;
  return {
    proposed: {
      ...values,
      electionId: election?.id ?? null,
      phaseKey: phase?.key ?? null,
      areaCodes,
      leadOrganisationId,
      supportingOrganisationIds: supportingOrganisationIds.filter((id) => id !== leadOrganisationId),
      lastSeen,
    },
    given,
    unapplied,
  };
};
