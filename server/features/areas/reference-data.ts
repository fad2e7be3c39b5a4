import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * reference-data/ of the installation: found by walking up from this module, so the same code
 * works from the sources (tests, tsx) and from dist/ after the build.
 */
const locate = (): string => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i += 1) {
    const candidate = path.join(dir, 'reference-data');
    if (existsSync(path.join(candidate, 'fi')) && existsSync(path.join(dir, 'package.json')))
      return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('reference-data/ not found above the server code');
};

let cached: string | undefined;
export const referenceDataDir = (): string => (cached ??= locate());

export const readReferenceFile = (relative: string): string =>
  readFileSync(path.join(referenceDataDir(), relative), 'utf8');

/** A small CSV without quoted fields (the area tables), as objects keyed by the header. */
export const readReferenceCsv = (relative: string): Record<string, string>[] => {
  const [header, ...lines] = readReferenceFile(relative).trim().split(/\r?\n/);
  const columns = header!.split(',');
  return lines.map((line) => {
    const values = line.split(',');
    if (values.length !== columns.length) throw new Error(`${relative}: a row has ${values.length} fields`);
    return Object.fromEntries(columns.map((column, i) => [column, values[i]!]));
  });
};
