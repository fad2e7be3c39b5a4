import { v5 as uuidv5 } from 'uuid';
import { stixObjectOf } from '../../../shared/observables/stix.js';
import type { ObservableType } from '../../../shared/observables/types.js';
import { canonicalJson } from '../../lib/canonical-json.js';

/** STIX 2.1 §2.9: the namespace of deterministic ids of cyber-observables. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/**
 * `<type>--<UUIDv5>` of the RFC 8785 canonical JSON of the ID-contributing properties, so that
 * every party that sees the same observable names it with the same id.
 */
export const deterministicStixId = (scoType: string, properties: Record<string, unknown>): string =>
  `${scoType}--${uuidv5(canonicalJson(properties), STIX_SCO_NAMESPACE)}`;

export const observableStixId = (type: ObservableType, value: string): string => {
  const { scoType, properties } = stixObjectOf(type, value);
  return deterministicStixId(scoType, properties);
};
