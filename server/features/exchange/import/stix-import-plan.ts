import type { ImportOutcome } from '../../../../shared/contracts/exchange-imports.js';
import type { StixObject } from '../stix/stix-types.js';
import { isTimeVersion, versionKeyOf } from './stix-version.js';

/** A valid object of a bundle, with what the store keys it by. */
export interface ImportCandidate {
  index: number;
  object: StixObject;
  stixId: string;
  type: string;
  versionKey: string;
  contentHash: string;
}

/** A valid object as a candidate, keyed as the store keys it. */
export const importCandidateOf = (
  object: StixObject,
  index: number,
  contentHash: string,
): ImportCandidate => ({
  index,
  object,
  stixId: object.id,
  type: object.type,
  versionKey: versionKeyOf(object, contentHash),
  contentHash,
});

/** The current version the store holds of an id. */
export interface StoredVersion {
  versionKey: string;
  contentHash: string;
}

export interface PlannedOutcome {
  index: number;
  outcome: Exclude<ImportOutcome, 'invalid'>;
  reasons?: string[];
}

export interface ImportPlan {
  outcomes: PlannedOutcome[];
  /** Versions to keep, each (id, version) once: new, and older ones the store may not have yet. */
  versions: ImportCandidate[];
  /** The new current version of every id the import changed. */
  current: Map<string, ImportCandidate>;
}

const sameVersionOtherContent =
  'This version is already stored with other content; the version received first is kept (STIX: a new version needs a later modified).';

/** What an object does to the current version of its id. */
export const outcomeAgainst = (
  candidate: Pick<ImportCandidate, 'versionKey' | 'contentHash'>,
  current: StoredVersion | undefined,
): PlannedOutcome['outcome'] => {
  if (!current) return 'created';
  if (isTimeVersion(candidate.versionKey) && isTimeVersion(current.versionKey)) {
    if (candidate.versionKey > current.versionKey) return 'updated';
    return candidate.versionKey === current.versionKey ? 'unchanged' : 'older_ignored';
  }
  return candidate.contentHash === current.contentHash ? 'unchanged' : 'updated';
};

/**
 * Decides the objects of a bundle against the store, in bundle order, as if each were imported on
 * its own: a bundle carrying two versions of one id makes the later `modified` current, whichever
 * comes first. Fed a part of the bundle at a time (so that a large import writes one part while it
 * checks the next), it decides exactly as it would all at once, provided each part comes with the
 * stored current versions of its ids. Pure, so that the rules can be tested without a database.
 */
export class ImportPlanner<C extends ImportCandidate = ImportCandidate> {
  readonly #state = new Map<string, StoredVersion>();
  readonly #seenVersions = new Set<string>();
  /** The new current version of every id the import changed so far. */
  readonly current = new Map<string, C>();

  /**
   * The outcomes of the next part of the bundle and the versions to keep of it, each (id,
   * version) once over the whole import: new, and older ones the store may not have yet.
   * `stored` holds the store's current version of (at least) this part's ids.
   */
  plan(
    candidates: readonly C[],
    stored: ReadonlyMap<string, StoredVersion>,
  ): { outcomes: PlannedOutcome[]; versions: C[] } {
    const versions: C[] = [];
    const outcomes = candidates.map((candidate): PlannedOutcome => {
      // The bundle's own earlier versions count before the store's.
      const before = this.#state.get(candidate.stixId) ?? stored.get(candidate.stixId);
      const outcome = outcomeAgainst(candidate, before);
      const versionId = `${candidate.stixId} ${candidate.versionKey}`;
      if (outcome !== 'unchanged' && !this.#seenVersions.has(versionId)) {
        this.#seenVersions.add(versionId);
        versions.push(candidate);
      }
      if (outcome === 'created' || outcome === 'updated') {
        this.#state.set(candidate.stixId, {
          versionKey: candidate.versionKey,
          contentHash: candidate.contentHash,
        });
        this.current.set(candidate.stixId, candidate);
      }
      const conflicting =
        outcome === 'unchanged' && before !== undefined && before.contentHash !== candidate.contentHash;
      return conflicting
        ? { index: candidate.index, outcome, reasons: [sameVersionOtherContent] }
        : { index: candidate.index, outcome };
    });
    return { outcomes, versions };
  }
}

/** The whole bundle at once (see ImportPlanner). */
export const planImport = (
  candidates: readonly ImportCandidate[],
  stored: ReadonlyMap<string, StoredVersion>,
): ImportPlan => {
  const planner = new ImportPlanner();
  return { ...planner.plan(candidates, stored), current: planner.current };
};
