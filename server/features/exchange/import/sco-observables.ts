import { domainToASCII } from 'node:url';
import { normaliseObservable, type ObservableInput } from '../../../../shared/observables/normalise.js';
import type { ObservableType } from '../../../../shared/observables/types.js';
import { observableStixId } from '../../observables/observable-stix-id.js';
import type { StixObject } from '../stix/stix-types.js';

/** The STIX 2.1 cyber-observable types (§6). */
export const scoTypes: ReadonlySet<string> = new Set([
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
]);

export interface ObservableOfSco {
  type: ObservableType;
  value: string;
  /** Our deterministic STIX id of the value. */
  stixId: string;
}

const valueTypes: Record<string, Exclude<ObservableType, 'social_account'>> = {
  url: 'url',
  'domain-name': 'domain',
  'ipv4-addr': 'ipv4',
  'ipv6-addr': 'ipv6',
  'email-addr': 'email',
};

/** hash-algorithm-ov names, and the spellings other tools write (SHA256, sha-256). */
const hashTypeOf = (name: string): ObservableType | null => {
  const key = name.toUpperCase().replace(/[-_]/g, '');
  if (key === 'MD5') return 'md5';
  if (key === 'SHA1') return 'sha1';
  if (key === 'SHA256') return 'sha256';
  if (key === 'SHA512') return 'sha512';
  return null;
};

const normalised = (input: ObservableInput): ObservableOfSco[] => {
  const result = normaliseObservable(input, { domainToAscii: domainToASCII });
  return result.ok
    ? [{ type: result.type, value: result.value, stixId: observableStixId(result.type, result.value) }]
    : [];
};

/**
 * The observables a cyber-observable stands for, in our normal form: what makes a partner's SCO
 * with a random id the same observable as ours (or as another partner's). A file is one
 * observable per hash we know, in STIX's order of preference; kinds we do not track give none.
 */
export const observablesOfSco = (object: StixObject): ObservableOfSco[] => {
  const valueType = valueTypes[object.type];
  if (valueType)
    return typeof object.value === 'string' ? normalised({ type: valueType, value: object.value }) : [];
  if (object.type === 'user-account') {
    const platform = typeof object.account_type === 'string' ? object.account_type : null;
    const handle =
      typeof object.account_login === 'string'
        ? object.account_login
        : typeof object.user_id === 'string'
          ? object.user_id
          : null;
    return platform && handle ? normalised({ type: 'social_account', platform, handle }) : [];
  }
  if (object.type === 'file' && typeof object.hashes === 'object' && object.hashes !== null) {
    const order: ObservableType[] = ['md5', 'sha1', 'sha256', 'sha512'];
    return Object.entries(object.hashes as Record<string, unknown>)
      .flatMap(([name, value]) => {
        const type = hashTypeOf(name);
        return type && typeof value === 'string' ? normalised({ type: type as 'md5', value }) : [];
      })
      .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  }
  return [];
};
