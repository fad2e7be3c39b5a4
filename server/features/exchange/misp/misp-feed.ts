import { createHash } from 'node:crypto';

/**
 * Reading a MISP feed (RFC "Manifest"): `manifest.json` maps event uuids to their info and
 * timestamp, and each event is `<uuid>.json` beside it. Only events newer than the caller's cursor
 * are fetched. The uuid keys become file names, so a key that is not a uuid is refused, never
 * fetched. Polling on a schedule and importing are the caller's.
 */

export interface MispFeedOptions {
  /** Unix seconds: only events whose manifest timestamp is later are fetched. */
  since?: number | null;
  fetch?: typeof fetch;
  /** Largest manifest or event file accepted (default 50 MiB). */
  maxBytes?: number;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** Event files fetched at once (default 4). */
  concurrency?: number;
}

export interface MispFeedEvent {
  uuid: string;
  timestamp: number;
  /** The file's JSON, `{"Event": {…}}`, for parseMispEvent / importMispEvents. */
  document: unknown;
}

export interface MispFeedFailure {
  uuid: string;
  reason: string;
  /** A transient failure (network, integrity) holds the cursor back so that the event is fetched again. */
  retry: boolean;
}

export interface MispFeedRead {
  events: MispFeedEvent[];
  failures: MispFeedFailure[];
  /** Entries in the manifest. */
  manifestEntries: number;
  /** What to pass as `since` next time: every event up to it has been read. */
  cursor: number | null;
}

export class MispFeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MispFeedError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

const readLimited = async (response: Response, maxBytes: number): Promise<Buffer> => {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw new MispFeedError(`larger than ${maxBytes} bytes`);
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new MispFeedError(`larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
};

const getFile = async (
  url: URL,
  options: Required<Pick<MispFeedOptions, 'maxBytes' | 'timeoutMs'>> & { fetch: typeof fetch },
) => {
  let response: Response;
  try {
    response = await options.fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new MispFeedError(
      `${url.pathname}: cannot be fetched (${error instanceof Error ? error.message : 'network error'})`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new MispFeedError(`${url.pathname}: HTTP ${response.status}`);
  }
  try {
    return await readLimited(response, options.maxBytes);
  } catch (error) {
    throw new MispFeedError(`${url.pathname}: ${error instanceof Error ? error.message : 'cannot be read'}`);
  }
};

const parseJson = (bytes: Buffer, what: string): unknown => {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new MispFeedError(`${what} is not JSON`);
  }
};

interface ManifestEntry {
  uuid: string;
  timestamp: number;
  sha256: string | null;
}

const readManifest = (manifest: unknown): { entries: ManifestEntry[]; failures: MispFeedFailure[] } => {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest))
    throw new MispFeedError('manifest.json is not an object of event uuids');
  const entries: ManifestEntry[] = [];
  const failures: MispFeedFailure[] = [];
  for (const [key, value] of Object.entries(manifest as Record<string, unknown>)) {
    if (!UUID.test(key)) {
      failures.push({ uuid: key, reason: 'manifest key is not a uuid', retry: false });
      continue;
    }
    const entry = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const timestamp = Number(entry.timestamp);
    if (!/^\d{1,12}$/.test(String(entry.timestamp ?? '')) || !Number.isSafeInteger(timestamp)) {
      failures.push({ uuid: key, reason: 'manifest entry has no Unix timestamp', retry: false });
      continue;
    }
    const sha256 =
      typeof entry['integrity:sha256'] === 'string' ? entry['integrity:sha256'].toLowerCase() : null;
    entries.push({ uuid: key.toLowerCase(), timestamp, sha256 });
  }
  return { entries, failures };
};

const fetchEvent = async (
  base: URL,
  entry: ManifestEntry,
  options: Required<Pick<MispFeedOptions, 'maxBytes' | 'timeoutMs'>> & { fetch: typeof fetch },
): Promise<MispFeedEvent> => {
  const bytes = await getFile(new URL(`${entry.uuid}.json`, base), options);
  if (entry.sha256 && createHash('sha256').update(bytes).digest('hex') !== entry.sha256)
    throw new MispFeedError(`${entry.uuid}.json does not match the manifest's integrity:sha256`);
  const document = parseJson(bytes, `${entry.uuid}.json`);
  const uuid = (document as { Event?: { uuid?: unknown } } | null)?.Event?.uuid;
  if (typeof uuid !== 'string' || uuid.toLowerCase() !== entry.uuid)
    throw new MispFeedError(`${entry.uuid}.json is not the event the manifest names`);
  return { uuid: entry.uuid, timestamp: entry.timestamp, document };
};

/** The events of a feed newer than `since`, oldest first, with what could not be read. */
export const readMispFeed = async (baseUrl: string, options: MispFeedOptions = {}): Promise<MispFeedRead> => {
  let base: URL;
  try {
    base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  } catch {
    throw new MispFeedError('The feed address is not a URL.');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new MispFeedError('A MISP feed is read over HTTP or HTTPS.');
  const settings = {
    fetch: options.fetch ?? fetch,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    timeoutMs: options.timeoutMs ?? 30_000,
  };
  const since = options.since ?? null;
  const manifest = parseJson(await getFile(new URL('manifest.json', base), settings), 'manifest.json');
  const { entries, failures } = readManifest(manifest);
  const wanted = entries
    .filter((e) => since === null || e.timestamp > since)
    .sort((a, b) => a.timestamp - b.timestamp || a.uuid.localeCompare(b.uuid));

  const events: MispFeedEvent[] = [];
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const entry = wanted[next++]!;
      try {
        events.push(await fetchEvent(base, entry, settings));
      } catch (error) {
        failures.push({
          uuid: entry.uuid,
          reason: error instanceof Error ? error.message : 'failed',
          retry: true,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  events.sort((a, b) => a.timestamp - b.timestamp || a.uuid.localeCompare(b.uuid));

  const failedTimes = wanted
    .filter((e) => failures.some((f) => f.retry && f.uuid === e.uuid))
    .map((e) => e.timestamp);
  const holdBefore = failedTimes.length > 0 ? Math.min(...failedTimes) : Infinity;
  const done = events.map((e) => e.timestamp).filter((t) => t < holdBefore);
  const cursor = done.length > 0 ? Math.max(...done, since ?? 0) : since;
  return {
    events,
    failures,
    manifestEntries: entries.length + failures.filter((f) => !f.retry).length,
    cursor,
  };
};
