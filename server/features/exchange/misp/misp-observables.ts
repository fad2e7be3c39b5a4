import { domainToASCII } from 'node:url';
import { normaliseObservable, type ObservableInput } from '../../../../shared/observables/normalise.js';
import { stixObjectOf } from '../../../../shared/observables/stix.js';
import { socialPlatforms } from '../../../../shared/observables/types.js';
import { observableStixId } from '../../observables/observable-stix-id.js';
import type { StixObject } from '../stix/stix-types.js';
import type { MispObjectIn } from './misp-event.js';

/**
 * MISP attributes and objects as our observables: which attribute types stand for which kind
 * (composite types such as domain|ip give two), which misp-objects templates are social-media
 * accounts, and the deterministic cyber-observable of a value.
 */
const socialPlatformSet: ReadonlySet<string> = new Set(socialPlatforms);

const ipInput = (value: string): ObservableInput[] => [
  { type: value.includes(':') ? 'ipv6' : 'ipv4', value },
];

const beforeBar = (value: string) =>
  value.slice(0, value.indexOf('|') < 0 ? value.length : value.indexOf('|'));
const afterBar = (value: string) => value.slice(value.indexOf('|') + 1);

/** The observables a MISP attribute type and value stand for; null when we have no such kind. */
export const inputsOfAttribute = (type: string, value: string): ObservableInput[] | null => {
  switch (type) {
    case 'url':
      return [{ type: 'url', value }];
    case 'domain':
    case 'hostname':
      return [{ type: 'domain', value }];
    case 'hostname|port':
      return [{ type: 'domain', value: beforeBar(value) }];
    case 'ip-src':
    case 'ip-dst':
      return ipInput(value);
    case 'ip-src|port':
    case 'ip-dst|port':
      return ipInput(beforeBar(value));
    case 'domain|ip':
      return [{ type: 'domain', value: beforeBar(value) }, ...ipInput(afterBar(value))];
    case 'email':
    case 'email-src':
    case 'email-dst':
    case 'email-reply-to':
      return [{ type: 'email', value }];
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      return [{ type, value }];
    case 'filename|md5':
    case 'filename|sha1':
    case 'filename|sha256':
    case 'filename|sha512':
      return [{ type: type.slice('filename|'.length) as 'md5', value: afterBar(value) }];
    case 'twitter-id':
      return [{ type: 'social_account', platform: 'twitter', handle: value }];
    default:
      return null;
  }
};

/** The account of a MISP social-media object (misp-objects templates), if it names one of our platforms. */
export const accountOfObject = (object: MispObjectIn): ObservableInput | null => {
  const first = (...relations: string[]) =>
    relations
      .map((r) => object.Attribute.find((a) => a.object_relation === r && !a.deleted)?.value.trim())
      .find((v) => v !== undefined && v !== '');
  const platformOfName: Record<string, string> = {
    'twitter-account': 'twitter',
    'telegram-account': 'telegram',
    'facebook-account': 'facebook',
    'reddit-account': 'reddit',
    'youtube-channel': 'youtube',
  };
  const platform =
    object.name === 'user-account' ? first('account-type')?.toLowerCase() : platformOfName[object.name];
  if (!platform || !socialPlatformSet.has(platform)) return null;
  const handle =
    object.name === 'user-account'
      ? first('username', 'user-id')
      : object.name === 'youtube-channel'
        ? first('channel-id', 'channel-name')
        : first('name', 'username', 'account-name', 'id', 'account-id');
  return handle ? { type: 'social_account', platform, handle } : null;
};

export const socialObjectNames = new Set([
  'user-account',
  'twitter-account',
  'telegram-account',
  'facebook-account',
  'reddit-account',
  'youtube-channel',
]);

export const scoOf = (input: ObservableInput): StixObject | string => {
  const result = normaliseObservable(input, { domainToAscii: domainToASCII });
  if (!result.ok) return result.message;
  const { scoType, properties } = stixObjectOf(result.type, result.value);
  return {
    type: scoType,
    spec_version: '2.1',
    id: observableStixId(result.type, result.value),
    ...properties,
  };
};
