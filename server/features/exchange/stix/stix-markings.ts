import { compareTlp, strictestTlp, type Tlp } from '../../../../shared/access/tlp.js';
import { readReferenceFile } from '../../areas/reference-data.js';
import type { StixObject } from './stix-types.js';

/**
 * TLP as STIX marking definitions, both ways. We write TLP 2.0 (the OASIS objects of
 * cti-stix-common-objects, with their extension-definition); we read TLP 2.0, TLP 1.0 (the four
 * objects of STIX 2.1 §7.2.1.4, white = clear) and OpenCTI's own TLP:AMBER+STRICT, which OpenCTI
 * emitted before the OASIS object existed. reference-data/stix/tlp-marking-definitions.json.
 */
interface MarkingFile {
  tlp_1_0: StixObject[];
  tlp_2_0_extension_definition: StixObject;
  tlp_2_0: StixObject[];
}

const file = JSON.parse(readReferenceFile('stix/tlp-marking-definitions.json')) as MarkingFile;

export const tlp2ExtensionDefinition: StixObject = file.tlp_2_0_extension_definition;
export const tlp2ExtensionId = tlp2ExtensionDefinition.id;

const tlp2Name: Record<Tlp, string> = {
  clear: 'TLP:CLEAR',
  green: 'TLP:GREEN',
  amber: 'TLP:AMBER',
  'amber+strict': 'TLP:AMBER+STRICT',
  red: 'TLP:RED',
};

const byName = new Map(file.tlp_2_0.map((marking) => [marking.name as string, marking]));

/** The TLP 2.0 marking-definition object for a level (the OASIS object, verbatim). */
export const tlp2Marking = (tlp: Tlp): StixObject => {
  const marking = byName.get(tlp2Name[tlp]);
  if (!marking) throw new Error(`TLP 2.0 marking ${tlp} missing from reference data`);
  return marking;
};

/** The id we put in object_marking_refs for a level. */
export const tlp2MarkingId = (tlp: Tlp): string => tlp2Marking(tlp).id;

/** OpenCTI's TLP:AMBER+STRICT (definition_type "TLP", definition { tlp: "amber+strict" }). */
export const openCtiAmberStrictId = 'marking-definition--826578e1-40ad-459f-bc73-ede076f81f37';

const tlp1Level: Record<string, Tlp> = { white: 'clear', green: 'green', amber: 'amber', red: 'red' };

/** Every marking-definition id we understand as TLP, whichever version wrote it. */
export const knownTlpMarkings: ReadonlyMap<string, Tlp> = new Map<string, Tlp>([
  ...file.tlp_2_0.map((m) => {
    const level = Object.entries(tlp2Name).find(([, name]) => name === m.name)?.[0] as Tlp;
    return [m.id, level] as const;
  }),
  ...file.tlp_1_0.map((m) => [m.id, tlp1Level[(m.definition as { tlp: string }).tlp]!] as const),
  [openCtiAmberStrictId, 'amber+strict'],
]);

/**
 * A marking-definition object that is a TLP marking by its content, even under an id we do not
 * know (a partner's own copy): TLP 1.0 `definition_type: "tlp"`, OpenCTI's `"TLP"` with
 * `x_opencti_definition`, or the TLP 2.0 extension's `tlp_2_0` property.
 */
export const tlpOfMarkingDefinition = (marking: StixObject): Tlp | null => {
  const known = knownTlpMarkings.get(marking.id);
  if (known) return known;
  const tlp2 = marking.extensions?.[tlp2ExtensionId]?.tlp_2_0;
  if (typeof tlp2 === 'string') return normaliseTlpWord(tlp2);
  const definition = marking.definition as { tlp?: unknown } | undefined;
  if (typeof marking.definition_type === 'string' && marking.definition_type.toLowerCase() === 'tlp') {
    if (typeof definition?.tlp === 'string') return normaliseTlpWord(definition.tlp);
  }
  const opencti = marking.x_opencti_definition;
  if (typeof opencti === 'string') return normaliseTlpWord(opencti);
  return null;
};

const normaliseTlpWord = (word: string): Tlp | null => {
  const w = word.trim().toLowerCase().replace(/^tlp:/, '');
  if (w === 'white' || w === 'clear') return 'clear';
  if (w === 'green' || w === 'amber' || w === 'red' || w === 'amber+strict') return w;
  return null;
};

/**
 * The marking an imported object carries: the strictest TLP among its object markings and its
 * granular markings (a record of ours has one marking, so a granular RED on one property makes
 * the whole record RED: nothing is ever under-protected). `definitions` are the marking-definition
 * objects of the same bundle or already known. Null when the object carries no TLP marking.
 */
export const tlpOfObject = (object: StixObject, definitions: ReadonlyMap<string, StixObject>): Tlp | null => {
  const refs = [
    ...(object.object_marking_refs ?? []),
    ...(object.granular_markings ?? []).flatMap((g) => (g.marking_ref ? [g.marking_ref] : [])),
  ];
  const levels = refs.flatMap((ref) => {
    const known = knownTlpMarkings.get(ref);
    if (known) return [known];
    const definition = definitions.get(ref);
    const level = definition ? tlpOfMarkingDefinition(definition) : null;
    return level ? [level] : [];
  });
  return levels.length === 0 ? null : strictestTlp(levels);
};

/** True when `tlp` may flow under an agreement whose highest marking is `ceiling`. */
export const tlpWithin = (tlp: Tlp, ceiling: Tlp): boolean => compareTlp(tlp, ceiling) <= 0;
