import { createHash } from 'node:crypto';
import type { StixObject } from '../stix/stix-types.js';

const STIX_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;

// C0 controls but tab, line feed and carriage return, and DEL: refused in JSON bodies, and NUL
// cannot be stored in jsonb at all.
const forbiddenControl = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const MAX_DEPTH = 64;

export class UnstorableText extends Error {}

const checkedText = (text: string, where: string): string => {
  if (!text.isWellFormed()) throw new UnstorableText(`${where || 'a value'} contains an unpaired surrogate`);
  if (forbiddenControl.test(text))
    throw new UnstorableText(`${where || 'a value'} contains a control character`);
  return JSON.stringify(text);
};

/**
 * RFC 8785 canonical JSON (sorted keys, no white space) of an object, refusing on the way what
 * could not be stored or sent on: control characters, unpaired surrogates, nesting deeper than 64.
 * One walk does both, because an import of 100,000 objects pays for every walk.
 */
const canonical = (value: unknown, where: string, depth: number): string => {
  if (typeof value === 'string') return checkedText(value, where);
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UnstorableText(`${where} is not a finite number`);
    return JSON.stringify(value);
  }
  if (depth >= MAX_DEPTH) throw new UnstorableText(`${where || 'the object'} is nested too deeply`);
  if (Array.isArray(value))
    return `[${value.map((item, i) => canonical(item ?? null, `${where}[${i}]`, depth + 1)).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys
      .map((k) => {
        const path = where ? `${where}.${k}` : k;
        return `${checkedText(k, `a key in ${where || 'the object'}`)}:${canonical((value as Record<string, unknown>)[k], path, depth + 1)}`;
      })
      .join(',')}}`;
  }
  throw new UnstorableText(`${where} is not JSON`);
};

/**
 * The canonical JSON text of an object and its sha256: equal content, equal hash, whatever the key
 * order. The text is what the store keeps (jsonb keeps no key order of its own). Throws
 * UnstorableText for text that cannot be stored.
 */
export const canonicalFormOf = (object: StixObject): { text: string; contentHash: string } => {
  const text = canonical(object, '', 0);
  return { text, contentHash: createHash('sha256').update(text).digest('hex') };
};

export const contentHashOf = (object: StixObject): string => canonicalFormOf(object).contentHash;

/**
 * The version of an object as a key that sorts as text: `modified` with nine fractional digits
 * (STIX writes milliseconds or microseconds, and ".079Z" is the same instant as ".079000Z"), or
 * `c:<content hash>` for objects without `modified` (cyber-observables, marking definitions),
 * whose versions are their contents.
 */
export const versionKeyOf = (object: StixObject, contentHash = contentHashOf(object)): string => {
  const match = typeof object.modified === 'string' ? STIX_TIMESTAMP.exec(object.modified) : null;
  if (!match) return `c:${contentHash}`;
  return `${match[1]}.${(match[2] ?? '').padEnd(9, '0').slice(0, 9)}Z`;
};

export const isTimeVersion = (versionKey: string): boolean => !versionKey.startsWith('c:');
