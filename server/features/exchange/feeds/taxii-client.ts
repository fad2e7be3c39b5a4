import { z } from 'zod';
import { TAXII_MEDIA_TYPE } from '../taxii/taxii-media.js';

/**
 * The TAXII 2.1 client side of one request: GET a collection's objects with `added_after`, `limit`
 * and `next`, exactly the media type of the standard, a bearer token, a timeout and a size limit.
 * Every failure is a FeedError whose message can be shown to a coordinator (never the token).
 */

export const DEFAULT_PAGE_LIMIT = 500;
export const REQUEST_TIMEOUT_MS = 30_000;
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const MAX_OBJECTS_PER_PAGE = 10_000;

export class FeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedError';
  }
}

const envelopeSchema = z.object({
  more: z.boolean().optional(),
  next: z.string().min(1).max(2000).optional(),
  objects: z.array(z.record(z.string(), z.unknown())).max(MAX_OBJECTS_PER_PAGE).optional(),
});

const taxiiErrorSchema = z.object({
  title: z.string(),
  description: z.string().optional(),
  error_code: z.string().optional(),
});

export interface TaxiiPage {
  objects: Record<string, unknown>[];
  more: boolean;
  next: string | null;
  dateAddedFirst: string | null;
  dateAddedLast: string | null;
}

export interface TaxiiRequest {
  /** The collection's address: the API root followed by collections/{id}/. */
  collectionUrl: string;
  token: string | null;
  addedAfter: string | null;
  next: string | null;
  limit?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The objects endpoint of a collection, whether the address was given with or without objects/. */
export const objectsUrlOf = (collectionUrl: string): URL => {
  const url = new URL(collectionUrl);
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '').replace(/\/objects$/, '');
  url.pathname = `${path}/objects/`;
  return url;
};

/** TAXII timestamps as PostgreSQL keeps them: microseconds (more digits are cut, never rounded up). */
const TAXII_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;

export const isTaxiiTimestamp = (value: string): boolean =>
  TAXII_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(`${TAXII_TIMESTAMP.exec(value)![1]}Z`));

const toMicroseconds = (timestamp: string): bigint => {
  const match = TAXII_TIMESTAMP.exec(timestamp);
  if (!match) throw new FeedError(`The server sent an invalid timestamp: ${timestamp.slice(0, 40)}`);
  const seconds = BigInt(Date.parse(`${match[1]}Z`) / 1000);
  return seconds * 1_000_000n + BigInt((match[2] ?? '').padEnd(6, '0').slice(0, 6));
};

const fromMicroseconds = (micros: bigint): string => {
  const seconds = micros / 1_000_000n;
  const fraction = (micros % 1_000_000n).toString().padStart(6, '0');
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
};

/**
 * The latest point before which everything has certainly been received, after a page whose last
 * object was added at `dateAddedLast` while more follow: the next page may hold further objects
 * added at that same microsecond (one transaction adds many), so a resume must include it again.
 */
export const justBefore = (dateAddedLast: string): string =>
  fromMicroseconds(toMicroseconds(dateAddedLast) - 1n);

export const normaliseTaxiiTimestamp = (value: string): string => fromMicroseconds(toMicroseconds(value));

const describeTarget = (url: URL) => url.origin;

const readLimited = async (response: Response, limit: number): Promise<string> => {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limit) throw new FeedError(`The answer is larger than ${limit / (1024 * 1024)} MiB.`);
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString('utf8');
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new FeedError(`The answer is larger than ${limit / (1024 * 1024)} MiB.`);
    }
    chunks.push(Buffer.from(value));
  }
};

const isTaxiiMediaType = (contentType: string | null): boolean =>
  contentType !== null &&
  /^application\/taxii\+json\s*;\s*version\s*=\s*"?2\.1"?\s*(;.*)?$/i.test(contentType.trim());

const errorAnswer = (status: number, statusText: string, body: string): FeedError => {
  let detail = '';
  try {
    const parsed = taxiiErrorSchema.safeParse(JSON.parse(body));
    if (parsed.success) {
      detail = `: ${parsed.data.title}${parsed.data.description ? ` (${parsed.data.description})` : ''}`;
    }
  } catch {
    // not JSON: the status says enough
  }
  const hint =
    status === 401 || status === 403
      ? ' Check the token.'
      : status === 404
        ? ' Check the collection address.'
        : '';
  return new FeedError(`The TAXII server answered ${status} ${statusText}${detail}.${hint}`.slice(0, 1000));
};

const networkError = (error: unknown, url: URL, timeoutMs: number): FeedError => {
  if (error instanceof FeedError) return error;
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new FeedError(`No answer from ${describeTarget(url)} within ${Math.round(timeoutMs / 1000)} s.`);
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message ?? 'unknown error';
  return new FeedError(`Could not reach ${describeTarget(url)}: ${reason}.`);
};

/** One page of a collection's objects. */
export const fetchTaxiiPage = async (request: TaxiiRequest): Promise<TaxiiPage> => {
  const url = objectsUrlOf(request.collectionUrl);
  url.searchParams.set('limit', String(request.limit ?? DEFAULT_PAGE_LIMIT));
  if (request.addedAfter) url.searchParams.set('added_after', request.addedAfter);
  if (request.next) url.searchParams.set('next', request.next);
  const timeoutMs = request.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const doFetch = request.fetch ?? fetch;
  try {
    const response = await doFetch(url, {
      method: 'GET',
      headers: {
        accept: TAXII_MEDIA_TYPE,
        ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
      },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new FeedError(
        `The TAXII server redirected to ${response.headers.get('location') ?? 'another address'}: change the feed's address instead.`,
      );
    }
    const body = await readLimited(response, MAX_RESPONSE_BYTES);
    if (!response.ok) throw errorAnswer(response.status, response.statusText, body);
    if (!isTaxiiMediaType(response.headers.get('content-type'))) {
      throw new FeedError(
        `The answer is not ${TAXII_MEDIA_TYPE} (it is ${response.headers.get('content-type') ?? 'unlabelled'}): is the address a TAXII 2.1 collection?`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new FeedError('The TAXII server sent something that is not JSON.');
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
      const issue = envelope.error.issues[0];
      throw new FeedError(
        `The TAXII server sent an invalid envelope (${issue?.path.join('.') || 'envelope'}: ${issue?.message ?? 'invalid'}).`,
      );
    }
    const first = response.headers.get('x-taxii-date-added-first');
    const last = response.headers.get('x-taxii-date-added-last');
    for (const [name, value] of [
      ['X-TAXII-Date-Added-First', first],
      ['X-TAXII-Date-Added-Last', last],
    ] as const) {
      if (value !== null && !isTaxiiTimestamp(value)) {
        throw new FeedError(`The TAXII server sent an invalid ${name} header.`);
      }
    }
    const more = envelope.data.more ?? false;
    if (more && !envelope.data.next) {
      throw new FeedError('The TAXII server says there is more but gave no "next" to continue from.');
    }
    return {
      objects: envelope.data.objects ?? [],
      more,
      next: more ? envelope.data.next! : null,
      dateAddedFirst: first,
      dateAddedLast: last,
    };
  } catch (error) {
    throw networkError(error, url, timeoutMs);
  }
};
