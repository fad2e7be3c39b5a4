import { stixTypeOf, type StixObject } from '../stix/stix-types.js';

const isRefKey = (key: string) => key.endsWith('_ref') || key.endsWith('_refs');

/**
 * Every STIX id an object refers to through `*_ref` / `*_refs` properties, also inside nested
 * properties (granular markings, extensions, email bodies, …).
 */
export const refsOf = (object: StixObject): string[] => {
  const refs = new Set<string>();
  const stack: { value: unknown; depth: number }[] = [{ value: object, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (depth > 6 || value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (isRefKey(key)) {
        for (const ref of Array.isArray(item) ? item : [item])
          if (typeof ref === 'string' && stixTypeOf(ref)) refs.add(ref);
      } else if (typeof item === 'object') stack.push({ value: item, depth: depth + 1 });
    }
  }
  refs.delete(object.id);
  return [...refs];
};

/** Objects about one other object through `object_refs` (our narratives are groupings of one incident). */
const aboutOneTypes = new Set(['grouping', 'note', 'opinion']);

/**
 * What a relationship or sighting points at, for finding them from the objects they connect; a
 * grouping, note or opinion about exactly one object points at that one.
 */
export const edgesOf = (object: StixObject): { sourceRef: string | null; targetRef: string | null } => {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  if (object.type === 'relationship')
    return { sourceRef: text(object.source_ref), targetRef: text(object.target_ref) };
  if (object.type === 'sighting') return { sourceRef: text(object.sighting_of_ref), targetRef: null };
  if (aboutOneTypes.has(object.type) && Array.isArray(object.object_refs) && object.object_refs.length === 1)
    return { sourceRef: null, targetRef: text(object.object_refs[0]) };
  return { sourceRef: null, targetRef: null };
};

/** Our organisations are `identity--<organisation uuid>`: the uuid, when the id has that form. */
export const organisationUuidOf = (ref: string): string | null =>
  stixTypeOf(ref) === 'identity' ? ref.slice('identity--'.length).toLowerCase() : null;
