import { AppError } from '../../shared/errors.js';

/** Keyset cursors are opaque to clients: base64url JSON of the last row's sort key. */
export const encodeCursor = (key: unknown[]): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

export const decodeCursor = <T extends unknown[]>(
  cursor: string | undefined,
  shape: readonly ('string' | 'number')[],
): T | undefined => {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === shape.length &&
      value.every((v, i) => typeof v === shape[i])
    ) {
      return value as T;
    }
  } catch {
    // fall through
  }
  throw new AppError('bad_request', 'The cursor is not valid.');
};
