/** A STIX 2.1 object as it travels: the common properties typed, the rest open. */
export interface StixObject {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  created_by_ref?: string;
  object_marking_refs?: string[];
  granular_markings?: { marking_ref?: string; lang?: string; selectors: string[] }[];
  extensions?: Record<string, Record<string, unknown>>;
  [property: string]: unknown;
}

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** STIX 2.1 timestamps we write: UTC with exactly three fractional digits (milliseconds). */
export const stixTime = (value: Date | string): string => new Date(value).toISOString();

/** `type--uuid` → type, or null when the value is not a STIX identifier. */
export const stixTypeOf = (id: string): string | null => {
  const match =
    /^([a-z0-9][a-z0-9-]*[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.exec(
      id,
    );
  return match ? match[1]! : null;
};
