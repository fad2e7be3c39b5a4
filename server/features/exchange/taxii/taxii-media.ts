/**
 * TAXII 2.1 content negotiation (§1.6.8, §3.1): responses are always
 * `application/taxii+json;version=2.1`; a request must name a TAXII media range in Accept — with
 * version 2.1, or without a version (meaning "the latest the server supports", which is 2.1).
 * `*\/*` is not a TAXII media range, so alone it is answered 406 (§3.1 allows 406 for media types
 * not defined for the endpoint); the manifest's `application/stix+json;version=2.1` may accompany it.
 */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export { STIX_MEDIA_TYPE } from '../../../../shared/contracts/exchange-stix.js';
export const TAXII_VERSION = '2.1';

interface MediaRange {
  type: string;
  parameters: Map<string, string>;
  quality: number;
}

const parseRange = (text: string): MediaRange | null => {
  const [essence, ...params] = text.split(';');
  const type = essence?.trim().toLowerCase() ?? '';
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+*-]+$/.test(type) && type !== '*/*') return null;
  const parameters = new Map<string, string>();
  let quality = 1;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    const value = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name === 'q') quality = Number.isFinite(Number(value)) ? Number(value) : 0;
    else parameters.set(name, value);
  }
  return { type, parameters, quality };
};

/** A TAXII 2.1 media type: `application/taxii+json` with version 2.1 or no version, and no other parameter. */
const isTaxii21 = (range: MediaRange): boolean => {
  if (range.type !== 'application/taxii+json') return false;
  for (const [name, value] of range.parameters) {
    if (name === 'version' ? value !== TAXII_VERSION : name !== 'charset' || value.toLowerCase() !== 'utf-8')
      return false;
  }
  return true;
};

/** The Accept header names TAXII 2.1 with a non-zero quality. */
export const acceptsTaxii = (accept: string | undefined): boolean =>
  accept !== undefined &&
  accept
    .split(',')
    .map(parseRange)
    .some((range) => range !== null && range.quality > 0 && isTaxii21(range));

/** The Content-Type of a POST is TAXII 2.1. */
export const isTaxiiContentType = (contentType: string | undefined): boolean => {
  if (contentType === undefined) return false;
  const range = parseRange(contentType);
  return range !== null && range.parameters.get('q') === undefined && isTaxii21(range);
};
