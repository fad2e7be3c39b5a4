import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '../../../db/connection.js';
import type { ExchangeOrganisation } from '../incident-exchange-data.js';
import { tlp2MarkingId } from './stix-markings.js';
import { stixTime, type StixObject } from './stix-types.js';
import { derivedStixId, vaalivahtiProperties } from './vaalivahti-extension.js';

/**
 * Who speaks in what we export: each of our organisations as an `identity` (its own uuid), and the
 * instance itself (a `system` identity), which speaks for them when organisations are redacted.
 * Identities say only who exists, so they are TLP:CLEAR.
 */

export const organisationIdentityId = (organisationId: string): string => `identity--${organisationId}`;

/** industry-sector-ov for our kinds of organisation; kinds without a sector have none. */
const sectorsOfKind: Record<string, string[]> = {
  ministry: ['government-national'],
  government_office: ['government-national'],
  agency: ['government-national'],
  security_service: ['government-national'],
  cyber_security_centre: ['government-national'],
  police: ['government-national'],
  defence: ['defense', 'government-national'],
  election_authority: ['government-public-services'],
};

/** The organisation, named in English with its Finnish and Swedish names as language content. */
export const organisationIdentityObjects = (organisation: ExchangeOrganisation): StixObject[] => {
  const id = organisationIdentityId(organisation.id);
  const created = stixTime(organisation.createdAt);
  const modified = stixTime(organisation.updatedAt);
  const name = organisation.name.en || organisation.name.fi || organisation.shortName;
  const sectors = sectorsOfKind[organisation.kind];
  const identity: StixObject = {
    type: 'identity',
    spec_version: '2.1',
    id,
    created,
    modified,
    name,
    identity_class: 'organization',
    ...(sectors ? { sectors } : {}),
    lang: 'en',
    object_marking_refs: [tlp2MarkingId('clear')],
    extensions: vaalivahtiProperties({
      short_name: organisation.shortName,
      names: organisation.name,
      organisation_kind: organisation.kind,
    }),
  };
  const translations = Object.fromEntries(
    (['fi', 'sv'] as const).flatMap((lang) => {
      const translated = organisation.name[lang];
      return translated && translated !== name ? [[lang, { name: translated }]] : [];
    }),
  );
  if (Object.keys(translations).length === 0) return [identity];
  return [identity, languageContent(identity, translations)];
};

/**
 * Translations of an object's text: one language-content object per object, versioned with it
 * (same created and modified), so that a newer version of the object brings newer translations.
 */
export const languageContent = (
  object: StixObject,
  contents: Record<string, Record<string, unknown>>,
): StixObject => ({
  type: 'language-content',
  spec_version: '2.1',
  id: derivedStixId('language-content', object.id),
  created: object.created,
  modified: object.modified,
  ...(object.created_by_ref ? { created_by_ref: object.created_by_ref } : {}),
  object_ref: object.id,
  object_modified: object.modified,
  contents,
  ...(object.object_marking_refs ? { object_marking_refs: object.object_marking_refs } : {}),
});

const INSTANCE_SETTING = 'stix_instance_identity';

interface InstanceIdentitySetting {
  id: string;
  created: string;
}

/**
 * The instance's own identity: made once (a random uuid and the time), kept in instance_settings
 * so that every export of this instance names it the same.
 */
export const loadInstanceIdentity = async (db: Db | Tx): Promise<StixObject> => {
  const fresh: InstanceIdentitySetting = { id: `identity--${randomUUID()}`, created: stixTime(new Date()) };
  await db
    .insertInto('instanceSettings')
    .values({ key: INSTANCE_SETTING, value: JSON.stringify(fresh) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('instanceSettings')
    .select('value')
    .where('key', '=', INSTANCE_SETTING)
    .executeTakeFirstOrThrow();
  const setting = JSON.parse(row.value) as InstanceIdentitySetting;
  return {
    type: 'identity',
    spec_version: '2.1',
    id: setting.id,
    created: setting.created,
    modified: setting.created,
    name: 'Vaalivahti',
    description: 'A Vaalivahti instance: it speaks for the organisations that use it.',
    identity_class: 'system',
    lang: 'en',
    object_marking_refs: [tlp2MarkingId('clear')],
  };
};
