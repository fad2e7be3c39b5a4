import { splitSocialAccount } from './normalise.js';
import { stixHashNames, type ObservableType } from './types.js';

export const stixScoTypes: Record<ObservableType, string> = {
  url: 'url',
  domain: 'domain-name',
  ipv4: 'ipv4-addr',
  ipv6: 'ipv6-addr',
  email: 'email-addr',
  social_account: 'user-account',
  md5: 'file',
  sha1: 'file',
  sha256: 'file',
  sha512: 'file',
};

export interface StixIdInput {
  scoType: string;
  /** The ID-contributing properties of STIX 2.1 §2.9 that the object has. */
  properties: Record<string, unknown>;
}

/**
 * The STIX cyber-observable an observable becomes. A social-media account is a user-account whose
 * account_type is the platform and whose user_id and account_login are both the handle, as in the
 * STIX 2.1 examples (we seldom know a platform's numeric user id). A file hash is a file with
 * exactly one hash.
 */
export const stixObjectOf = (type: ObservableType, value: string): StixIdInput => {
  switch (type) {
    case 'social_account': {
      const { platform, handle } = splitSocialAccount(value);
      return {
        scoType: 'user-account',
        properties: { account_type: platform, user_id: handle, account_login: handle },
      };
    }
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      return { scoType: 'file', properties: { hashes: { [stixHashNames[type]]: value } } };
    default:
      return { scoType: stixScoTypes[type], properties: { value } };
  }
};
