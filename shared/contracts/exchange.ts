import { z } from 'zod';

/**
 * Vocabulary shared by every part of the exchange with partners (STIX/TAXII/MISP): what may flow,
 * what can be redacted, where an import came from. Feature contracts build on these.
 */

/** Records a partner agreement can let flow. */
export const releasableRecordTypes = ['incident', 'sitrep'] as const;
export type ReleasableRecordType = (typeof releasableRecordTypes)[number];
export const releasableRecordTypeSchema = z.enum(releasableRecordTypes);

/**
 * The highest marking an agreement may allow. AMBER+STRICT (the recipient organisation only) and
 * RED (named people only) never leave the platform for a partner: their markings do not allow it.
 */
export const partnerTlpCeilings = ['clear', 'green', 'amber'] as const;
export type PartnerTlpCeiling = (typeof partnerTlpCeilings)[number];
export const partnerTlpCeilingSchema = z.enum(partnerTlpCeilings);

/**
 * What an agreement (or the person approving a release) can take out of what a partner receives.
 * - description: free text of incidents and the notes of corroborations;
 * - personal_data: social-media accounts and e-mail addresses (personal data of private persons);
 * - organisations: which of our organisations lead, support or corroborate (the instance speaks for them);
 * - areas: municipalities (electoral districts stay);
 * - corroborations: the "seen it too" sightings.
 */
export const redactableFields = [
  'description',
  'personal_data',
  'organisations',
  'areas',
  'corroborations',
] as const;
export type RedactableField = (typeof redactableFields)[number];
export const redactableFieldSchema = z.enum(redactableFields);

/** Where imported content came from. */
export const importSources = ['file', 'api', 'taxii', 'misp'] as const;
export type ImportSource = (typeof importSources)[number];
export const importSourceSchema = z.enum(importSources);
