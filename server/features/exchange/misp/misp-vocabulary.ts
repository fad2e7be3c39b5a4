import { v5 as uuidv5 } from 'uuid';
import type { ObservableType } from '../../../../shared/observables/types.js';

/**
 * How our records and MISP's core format name the same things, both ways: attribute types and
 * categories, threat level and analysis, our own tag namespace, and the deterministic uuids.
 */

/** Namespace of the UUIDv5 names we derive for MISP attributes/objects and for STIX ids made from MISP. */
export const MISP_UUID_NAMESPACE = 'fe4a6628-e3e7-4699-af30-f59731528cf9';

export const mispUuid = (...parts: string[]): string => uuidv5(parts.join('|'), MISP_UUID_NAMESPACE);

/** Our tag namespace for what no MISP taxonomy says (domains, category, severity, election). */
export const OUR_NAMESPACE = 'vaalivahti';

export const machineTag = (namespace: string, predicate: string, value: string): string =>
  `${namespace}:${predicate}="${value.replaceAll('"', "'")}"`;

/** `namespace:predicate="value"` or `namespace:value` → its parts; null for a plain tag. */
export const parseMachineTag = (
  name: string,
): { namespace: string; predicate: string | null; value: string } | null => {
  const withValue = /^([^:="]+):([^=":]+)="(.*)"$/s.exec(name.trim());
  if (withValue) return { namespace: withValue[1]!, predicate: withValue[2]!, value: withValue[3]! };
  const bare = /^([^:="]+):([^="]+)$/s.exec(name.trim());
  if (bare) return { namespace: bare[1]!, predicate: null, value: bare[2]! };
  return null;
};

/**
 * Observables as event attributes (the RFC's category/type table): infrastructure addresses are
 * `ip-dst` (the far end our incidents observe: the server that hosts or sends, never our own
 * side), e-mail addresses the neutral `email` type (sender or recipient is not recorded), hashes
 * `Payload delivery` (MISP's default category for them). Social-media accounts are
 * `user-account` objects instead (misp-export.ts).
 */
export const mispAttributeOf: Record<
  Exclude<ObservableType, 'social_account'>,
  { type: string; category: string }
> = {
  url: { type: 'url', category: 'Network activity' },
  domain: { type: 'domain', category: 'Network activity' },
  ipv4: { type: 'ip-dst', category: 'Network activity' },
  ipv6: { type: 'ip-dst', category: 'Network activity' },
  email: { type: 'email', category: 'Social network' },
  md5: { type: 'md5', category: 'Payload delivery' },
  sha1: { type: 'sha1', category: 'Payload delivery' },
  sha256: { type: 'sha256', category: 'Payload delivery' },
  sha512: { type: 'sha512', category: 'Payload delivery' },
};

/** MISP threat level: 1 high, 2 medium, 3 low, 4 undefined; our severity 1 (low) – 5 (critical). */
export const threatLevelOfSeverity = (severity: number): string =>
  severity >= 4 ? '1' : severity === 3 ? '2' : '3';

/** The severity a MISP threat level stands for, when the event does not carry ours. */
export const severityOfThreatLevel = (threatLevel: string | undefined): number | null =>
  ({ '1': 4, '2': 3, '3': 2 })[threatLevel ?? ''] ?? null;

/** MISP analysis: 0 initial, 1 ongoing, 2 complete. */
export const analysisOfStatus = (status: string): string =>
  status === 'closed' ? '2' : status === 'new' || status === 'triage' ? '0' : '1';
