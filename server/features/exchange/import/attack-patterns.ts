import type { StixObject } from '../stix/stix-types.js';

const DISARM_ID = /^T\d{4}(\.\d{3})?$/;

/** DISARM ids an attack-pattern carries in its external references (DISARM's own bundle says "mitre-attack"). */
export const disarmExternalIdsOf = (object: StixObject): string[] => {
  const references = Array.isArray(object.external_references)
    ? (object.external_references as unknown[])
    : [];
  return references.flatMap((reference) => {
    const id = (reference as { external_id?: unknown } | null)?.external_id;
    return typeof id === 'string' && DISARM_ID.test(id) ? [id] : [];
  });
};

/** The DISARM technique an attack-pattern is, by its id first, then by external id. */
export const techniqueOf = (
  object: StixObject,
  techniques: readonly { id: string; stixId: string }[],
): string | null => {
  const byStixId = techniques.find((t) => t.stixId === object.id);
  if (byStixId) return byStixId.id;
  const external = new Set(disarmExternalIdsOf(object));
  return techniques.find((t) => external.has(t.id))?.id ?? null;
};
