import { v5 as uuidv5 } from 'uuid';
import type { StixObject } from './stix-types.js';

/**
 * Our own STIX 2.1 extension: the structured fields of Vaalivahti's records that STIX has no
 * property for (docs/stix-extension.md). The definition and the identity that publishes it are
 * the same in every Vaalivahti instance (fixed ids, fixed content), so that two instances never
 * issue the same id with different content.
 */

export const vaalivahtiExtensionId = 'extension-definition--e1ccfa14-1108-4383-9089-f0621ffc207b';

/** The Vaalivahti project: who defines the extension. Not an instance, not an organisation. */
export const vaalivahtiProjectIdentityId = 'identity--67bdab1c-b49d-460e-ac84-8e8217a886fd';

export const vaalivahtiExtensionVersion = '1.0.0';

export const vaalivahtiExtensionSchemaUrl =
  'https://github.com/vaalivahti/vaalivahti/blob/main/docs/stix-extension.md';

/** The namespace of the UUIDv5 ids we derive (relationships, language content, instance identity…). */
export const VAALIVAHTI_STIX_NAMESPACE = '26ccb8fc-9047-4d6f-9b31-278ffcae4738';

/** A stable id for an object we derive from others: the same inputs give the same id in every export. */
export const derivedStixId = (type: string, ...parts: string[]): string =>
  `${type}--${uuidv5(parts.join('|'), VAALIVAHTI_STIX_NAMESPACE)}`;

const published = '2026-12-07T00:00:00.000Z';

export const vaalivahtiProjectIdentity: StixObject = {
  type: 'identity',
  spec_version: '2.1',
  id: vaalivahtiProjectIdentityId,
  created: published,
  modified: published,
  name: 'Vaalivahti',
  description:
    'The Vaalivahti project: election security situational awareness software. Defines the Vaalivahti STIX extension.',
  identity_class: 'group',
  lang: 'en',
};

export const vaalivahtiExtensionDefinition: StixObject = {
  type: 'extension-definition',
  spec_version: '2.1',
  id: vaalivahtiExtensionId,
  created: published,
  modified: published,
  created_by_ref: vaalivahtiProjectIdentityId,
  name: 'Vaalivahti',
  description:
    'Structured fields of Vaalivahti election-security records: incident domains, category, severity, impacts on election conduct and public confidence, Admiralty source reliability and information credibility, status and closing reason, election, phase, areas, first and last seen, lead and supporting organisations; organisation names; corroboration areas; narratives; link kinds; situation report sections.',
  schema: vaalivahtiExtensionSchemaUrl,
  version: vaalivahtiExtensionVersion,
  extension_types: ['property-extension'],
  lang: 'en',
};

/** The property extension as it goes on an object: our properties under our id. */
export const vaalivahtiProperties = (
  properties: Record<string, unknown>,
): Record<string, Record<string, unknown>> => ({
  [vaalivahtiExtensionId]: { extension_type: 'property-extension', ...withoutEmpty(properties) },
});

/**
 * STIX has no null and no empty list (every list has at least one item): leave such values out.
 * Nested objects are cleaned the same way.
 */
export const withoutEmpty = (properties: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(properties).flatMap(([key, value]) => {
      if (value === null || value === undefined) return [];
      if (Array.isArray(value)) {
        const items = value.map((item) => (isPlainObject(item) ? withoutEmpty(item) : item));
        return items.length === 0 ? [] : [[key, items]];
      }
      if (isPlainObject(value)) return [[key, withoutEmpty(value)]];
      return [[key, value]];
    }),
  );

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
