import type { ImportOutcome } from '../../../../shared/contracts/exchange-imports.js';
import type { StixObject } from '../stix/stix-types.js';
import { isTimeVersion } from './stix-version.js';

/** A valid object of a bundle, with what the store keys it by. */
export interface ImportCandidate {
  index: number;
  object: StixObject;
  stixId: string;
  type: string;
  versionKey: string;
  contentHash: string;
}

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
 * Decides every object of a bundle against the store, in bundle order, as if each were imported
 * on its own: a bundle carrying two versions of one id makes the later `modified` current,
 * whichever comes first. Pure, so that the rules can be tested without a database.
 */
export const planImport = (
  candidates: readonly ImportCandidate[],
  stored: ReadonlyMap<string, StoredVersion>,
): ImportPlan => {
  const state = new Map<string, StoredVersion>(stored);
  const current = new Map<string, ImportCandidate>();
  const seenVersions = new Set<string>();
  const versions: ImportCandidate[] = [];
  const outcomes = candidates.map((candidate): PlannedOutcome => {
    const before = state.get(candidate.stixId);
    const outcome = outcomeAgainst(candidate, before);
    const versionId = `${candidate.stixId} ${candidate.versionKey}`;
    if (outcome !== 'unchanged' && !seenVersions.has(versionId)) {
      seenVersions.add(versionId);
      versions.push(candidate);
    }
    if (outcome === 'created' || outcome === 'updated') {
      state.set(candidate.stixId, { versionKey: candidate.versionKey, contentHash: candidate.contentHash });
      current.set(candidate.stixId, candidate);
    }
    const conflicting =
      outcome === 'unchanged' && before !== undefined && before.contentHash !== candidate.contentHash;
    return conflicting
      ? { index: candidate.index, outcome, reasons: [sameVersionOtherContent] }
      : { index: candidate.index, outcome };
  });
  return { outcomes, versions, current };
};
