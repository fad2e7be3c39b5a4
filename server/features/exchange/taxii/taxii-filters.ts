import { TaxiiError } from './taxii-errors.js';

/**
 * The URL parameters of the TAXII object endpoints (§3.4): `added_after`, `limit`, `next` and
 * `match[id|type|version|spec_version]`. Malformed parameters are a 400 (§3.4); a field given twice
 * is malformed (`match` fields and `added_after` MUST NOT repeat).
 */
export const MAX_PAGE_SIZE = 1000;

export interface VersionMatch {
  all: boolean;
  first: boolean;
  last: boolean;
  /** Exact versions, as timestamps (microseconds, UTC). */
  at: string[];
}

export interface ObjectFilters {
  addedAfter: string | null;
  limit: number;
  after: { dateAdded: string; seq: string } | null;
  ids: string[] | null;
  types: string[] | null;
  versions: VersionMatch;
  specVersions: string[] | null;
}

type Query = Record<string, string | string[] | undefined>;

const badRequest = (description: string) => new TaxiiError(400, 'invalid_parameter', description);

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/**
 * A TAXII/STIX timestamp as PostgreSQL reads it, with at most six fractional digits: more are cut,
 * never rounded up, so an exclusive `added_after` never skips an object added in the same microsecond.
 */
export const parseTimestamp = (value: string, what: string): string => {
  const match = TIMESTAMP.exec(value);
  if (!match) throw badRequest(`${what} must be a UTC timestamp such as 2027-04-18T12:00:00.000000Z.`);
  const [, y, mo, d, h, mi, s, fraction] = match;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(mo) - 1 ||
    date.getUTCDate() !== Number(d) ||
    date.getUTCHours() !== Number(h) ||
    date.getUTCMinutes() !== Number(mi) ||
    date.getUTCSeconds() !== Number(s)
  )
    throw badRequest(`${what} is not a valid date and time.`);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.${(fraction ?? '').slice(0, 6).padEnd(6, '0')}Z`;
};

const single = (query: Query, name: string): string | undefined => {
  const value = query[name];
  if (Array.isArray(value)) throw badRequest(`${name} may be given only once.`);
  return value;
};

const list = (query: Query, name: string): string[] | null => {
  const value = single(query, name);
  if (value === undefined) return null;
  const items = value.split(',');
  if (items.some((item) => item.length === 0 || item !== item.trim()))
    throw badRequest(`${name}: separate values with a comma and no spaces.`);
  if (items.length > 100) throw badRequest(`${name}: at most 100 values.`);
  return items;
};

const STIX_ID = /^[a-z0-9][a-z0-9-]*[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STIX_TYPE = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;
const SPEC_VERSION = /^\d+\.\d+$/;

const MAX_SEQ = 9_223_372_036_854_775_807n;

/** `next`: opaque to clients, to us the (date_added, seq) of the last object of the previous page. */
export const encodeNext = (dateAdded: string, seq: string): string =>
  Buffer.from(`${dateAdded}|${seq}`, 'utf8').toString('base64url');

const decodeNext = (value: string): { dateAdded: string; seq: string } => {
  const invalid = () => badRequest('next is not a value this server gave.');
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) throw invalid();
  const [dateAdded, seq, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !dateAdded || !seq || !/^[1-9]\d{0,18}$/.test(seq)) throw invalid();
  if (BigInt(seq) > MAX_SEQ) throw invalid();
  try {
    return { dateAdded: parseTimestamp(dateAdded, 'next'), seq };
  } catch {
    throw invalid();
  }
};

const parseVersions = (query: Query): VersionMatch => {
  const values = list(query, 'match[version]') ?? ['last'];
  if (new Set(values).size !== values.length) throw badRequest('match[version] must not repeat a value.');
  const match: VersionMatch = { all: false, first: false, last: false, at: [] };
  for (const value of values) {
    if (value === 'all' || value === 'first' || value === 'last') match[value] = true;
    else match.at.push(parseTimestamp(value, 'match[version]'));
  }
  if (match.all && values.length > 1)
    throw badRequest('match[version]=all cannot be combined with other values.');
  return match;
};

const parseLimit = (query: Query): number => {
  const value = single(query, 'limit');
  if (value === undefined) return MAX_PAGE_SIZE;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw badRequest('limit must be a positive integer.');
  return Math.min(Number(value), MAX_PAGE_SIZE);
};

/** The filters an endpoint supports; others' `match[…]` fields are ignored, as §3.4 allows. */
export const parseObjectFilters = (
  query: Query,
  supported: { id: boolean; type: boolean; version: boolean },
): ObjectFilters => {
  const addedAfter = single(query, 'added_after');
  const next = single(query, 'next');
  const ids = supported.id ? list(query, 'match[id]') : null;
  if (ids?.some((id) => !STIX_ID.test(id))) throw badRequest('match[id] must list STIX identifiers.');
  const types = supported.type ? list(query, 'match[type]') : null;
  if (types?.some((type) => !STIX_TYPE.test(type))) throw badRequest('match[type] must list STIX types.');
  const specVersions = list(query, 'match[spec_version]');
  if (specVersions?.some((v) => !SPEC_VERSION.test(v)))
    throw badRequest('match[spec_version] must list versions such as 2.1.');
  return {
    addedAfter: addedAfter === undefined ? null : parseTimestamp(addedAfter, 'added_after'),
    limit: parseLimit(query),
    after: next === undefined ? null : decodeNext(next),
    ids,
    types,
    versions: supported.version ? parseVersions(query) : { all: true, first: false, last: false, at: [] },
    specVersions,
  };
};
