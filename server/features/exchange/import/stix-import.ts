import { sql } from 'kysely';
import type { Tlp } from '../../../../shared/access/tlp.js';
import type { ImportCounts, ImportObjectResult } from '../../../../shared/contracts/exchange-imports.js';
import { importOutcomes } from '../../../../shared/contracts/exchange-imports.js';
import type { ImportSource } from '../../../../shared/contracts/exchange.js';
import { AppError } from '../../../../shared/errors.js';
import type { Db, Tx } from '../../../db/connection.js';
import { copyInto } from '../../../db/copy-in.js';
import { appendAudit, type AuditSource } from '../../audit/audit-log.js';
import { tlpOfObject } from '../stix/stix-markings.js';
import type { StixObject } from '../stix/stix-types.js';
import { validateStixObject } from '../stix/stix-validate.js';
import { disarmExternalIdsOf, techniqueOf } from './attack-patterns.js';
import { observablesOfSco, scoTypes, type ObservableOfSco } from './sco-observables.js';
import { importCandidateOf, ImportPlanner, type ImportCandidate } from './stix-import-plan.js';
import {
  currentColumns,
  currentColumnValues,
  currentVersions,
  disarmTechniquesMatching,
  lockOrganisationStore,
  storedVersionIds,
  updateCurrent,
  versionColumns,
  versionIdOf,
  type CurrentRow,
} from './stix-import-queries.js';
import { edgesOf } from './stix-refs.js';
import { canonicalFormOf, UnstorableText } from './stix-version.js';
import { openWorkbenchItems } from './workbench-intake.js';
import { currentObjects } from './workbench-queries.js';

export interface ImportProvenanceInput {
  source: ImportSource;
  partnerId: string | null;
  bundleId: string | null;
  receivedByUserId: string | null;
  /** The importing organisation: the uploader's, or the agreement owner's for a partner feed. */
  ownerOrganisationId: string;
  /** Marking of objects that carry no TLP marking. */
  defaultTlp: Tlp;
}

export interface ImportInput {
  objects: unknown[];
  provenance: ImportProvenanceInput;
  /** Who the audit log names; by default the receiving user (or nobody) of the owning organisation. */
  audit?: AuditSource;
}

export interface ImportResult {
  importId: string;
  counts: ImportCounts;
  results: ImportObjectResult[];
  workbenchItemIds: string[];
  disarmTechniqueCount: number;
}

export const MAX_IMPORT_OBJECTS = 500_000;

/** Definitions and schema-like objects: never content, so never marked by the import's default. */
const definitionTypes = new Set(['marking-definition', 'extension-definition']);

/** A valid object with the canonical JSON text the store keeps of it. */
interface CheckedCandidate extends ImportCandidate {
  text: string;
}

type Checked =
  { ok: true; object: StixObject; text: string; contentHash: string } | { ok: false; reasons: string[] };

const checkObject = (value: unknown): Checked => {
  const validation = validateStixObject(value);
  if (!validation.valid) {
    const olderSpec =
      typeof value === 'object' && value !== null && !('spec_version' in value) && 'created' in value;
    return {
      ok: false,
      reasons: olderSpec
        ? ['no spec_version: a STIX 2.0 object; only STIX 2.1 is imported', ...validation.reasons]
        : validation.reasons,
    };
  }
  try {
    return { ok: true, object: validation.object, ...canonicalFormOf(validation.object) };
  } catch (error) {
    // What the HTTP body parser refuses must not reach jsonb either when a feed calls us directly.
    if (error instanceof UnstorableText) return { ok: false, reasons: [error.message] };
    throw error;
  }
};

/** The shape of every valid object's id (the OASIS `identifier` pattern is stricter). */
const stixIdShape = /^[a-z0-9-]{1,250}--[0-9a-fA-F-]{36}$/;

/** Objects checked and planned at a time, between which the database catches up on the stream. */
const PART = 2000;

const idAndType = (value: unknown) => {
  const object = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return {
    id: typeof object.id === 'string' ? object.id.slice(0, 300) : null,
    type: typeof object.type === 'string' ? object.type.slice(0, 100) : null,
  };
};

/**
 * Imports STIX objects (a bundle's, a TAXII envelope's, a converted MISP event's) in one
 * transaction: every object is validated on its own, the invalid ones are reported with their
 * reasons and the valid ones kept. Idempotent: an object already stored is `unchanged`; a later
 * `modified` makes a new current version, an earlier one is kept in the history only. Imported
 * incidents and reports open review-queue items (a newer version supersedes a pending one, and a
 * version of an object already accepted proposes an update of its incident).
 * `db` may be a transaction of the caller's.
 */
export const importStixObjects = async (db: Db | Tx, input: ImportInput): Promise<ImportResult> => {
  const { provenance } = input;
  if (input.objects.length > MAX_IMPORT_OBJECTS)
    throw new AppError('validation_failed', `An import holds at most ${MAX_IMPORT_OBJECTS} objects.`);

  const results: ImportObjectResult[] = new Array(input.objects.length);
  const candidates: CheckedCandidate[] = [];
  /** Checks objects [from, to): the invalid ones get their result, the valid ones are returned. */
  const checkPart = (from: number, to: number): CheckedCandidate[] => {
    const part: CheckedCandidate[] = [];
    for (let index = from; index < to; index += 1) {
      const value = input.objects[index];
      const checked = checkObject(value);
      if (!checked.ok) {
        results[index] = { index, ...idAndType(value), outcome: 'invalid', reasons: checked.reasons };
        continue;
      }
      part.push({ ...importCandidateOf(checked.object, index, checked.contentHash), text: checked.text });
    }
    candidates.push(...part);
    return part;
  };

  const run = async (tx: Tx): Promise<ImportResult> => {
    const owner = provenance.ownerOrganisationId;
    await lockOrganisationStore(tx, owner);
    const { id: importId } = await tx
      .insertInto('stixImports')
      .values({
        source: provenance.source,
        partnerId: provenance.partnerId,
        bundleId: provenance.bundleId?.slice(0, 200) ?? null,
        receivedByUserId: provenance.receivedByUserId,
        ownerOrganisationId: owner,
        defaultTlp: provenance.defaultTlp,
        objectCount: input.objects.length,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    // What the store holds of the bundle's ids, read once: nothing else writes this
    // organisation's store while the lock is held, and the current rows change only at the end.
    // (Only what looks like a STIX id: an invalid object's id may not even be storable text.)
    const ids = input.objects.flatMap((value) => {
      const id = (value as { id?: unknown } | null)?.id;
      return typeof id === 'string' && stixIdShape.test(id) ? [id] : [];
    });
    const stored = await currentVersions(tx, owner, ids);
    const storedVersions = await storedVersionIds(tx, owner, ids);

    // Part by part: check, decide, and stream the new versions to the database, which stores
    // one part while the next is checked.
    const planner = new ImportPlanner<CheckedCandidate>();
    await copyInto(tx, 'stix_object_versions', versionColumns, async (write) => {
      for (let from = 0; from < input.objects.length; from += PART) {
        const part = checkPart(from, Math.min(from + PART, input.objects.length));
        const { outcomes, versions } = planner.plan(part, stored);
        outcomes.forEach((planned, i) => {
          const candidate = part[i]!;
          results[planned.index] = {
            index: planned.index,
            id: candidate.stixId,
            type: candidate.type,
            outcome: planned.outcome,
            ...(planned.reasons ? { reasons: planned.reasons } : {}),
          };
        });
        for (const c of versions) {
          // An older version received again: kept already.
          if (storedVersions.has(versionIdOf(c.stixId, c.versionKey))) continue;
          await write([
            owner,
            c.stixId,
            c.versionKey,
            c.type,
            typeof c.object.modified === 'string' ? c.object.modified : null,
            typeof c.object.spec_version === 'string' ? c.object.spec_version : null,
            c.text,
            c.contentHash,
            importId,
            provenance.partnerId,
          ]);
        }
      }
    });
    const current = planner.current;

    // A marking is never ignored for being malformed: a partner's own TLP definition that fails
    // its schema (only the standard ids are valid TLP 1.0/2.0 objects) still marks what refers to it.
    const definitions = new Map<string, StixObject>();
    for (const value of input.objects) {
      const object = value as Partial<StixObject> | null;
      if (object?.type === 'marking-definition' && typeof object.id === 'string')
        definitions.set(object.id, object as StixObject);
    }
    const missingDefinitions = new Set<string>();
    for (const candidate of current.values())
      for (const ref of [
        ...(candidate.object.object_marking_refs ?? []),
        ...(candidate.object.granular_markings ?? []).flatMap((g) => (g.marking_ref ? [g.marking_ref] : [])),
      ])
        if (!definitions.has(ref)) missingDefinitions.add(ref);
    for (const stored of await currentObjects(tx, owner, [...missingDefinitions]))
      if (stored.type === 'marking-definition') definitions.set(stored.stixId, stored.object);

    const tlpOf = (object: StixObject): Tlp =>
      tlpOfObject(object, definitions) ??
      (definitionTypes.has(object.type) ? 'clear' : provenance.defaultTlp);

    const tlps = new Map<string, Tlp>();
    const observables = new Map<number, ObservableOfSco | undefined>();
    const observableOf = (c: ImportCandidate) => {
      if (!observables.has(c.index)) observables.set(c.index, observablesOfSco(c.object)[0]);
      return observables.get(c.index);
    };
    const currentRowOf = (c: CheckedCandidate): CurrentRow => {
      const observable = scoTypes.has(c.type) ? observableOf(c) : undefined;
      const tlp = tlpOf(c.object);
      const edges = edgesOf(c.object);
      tlps.set(c.stixId, tlp);
      return {
        stix_id: c.stixId,
        version_key: c.versionKey,
        type: c.type,
        tlp,
        content_hash: c.contentHash,
        source_ref: edges.sourceRef,
        target_ref: edges.targetRef,
        observable_type: observable?.type ?? null,
        observable_value: observable?.value ?? null,
      };
    };
    // Ids new to the store are streamed in; the ones it holds are updated in place.
    const changedRows: CurrentRow[] = [];
    await copyInto(tx, 'stix_current_objects', currentColumns, async (write) => {
      for (const c of current.values()) {
        const row = currentRowOf(c);
        if (stored.has(c.stixId)) changedRows.push(row);
        else await write(currentColumnValues(owner, importId, row));
      }
    });
    await updateCurrent(tx, { ownerOrganisationId: owner, importId }, changedRows);

    // The same value under another id is the same observable: say which.
    for (const c of candidates) {
      if (!scoTypes.has(c.type) || results[c.index]!.outcome === 'invalid') continue;
      const observable = observableOf(c);
      if (observable && observable.stixId !== c.stixId) results[c.index]!.duplicateOf = observable.stixId;
    }

    const attackPatterns = candidates.filter((c) => c.type === 'attack-pattern');
    const techniques = await disarmTechniquesMatching(
      tx,
      attackPatterns.map((c) => c.stixId),
      attackPatterns.flatMap((c) => disarmExternalIdsOf(c.object)),
    );
    const disarmTechniqueCount = new Set(
      attackPatterns.filter((c) => techniqueOf(c.object, techniques) !== null).map((c) => c.stixId),
    ).size;

    const workbenchItemIds = await openWorkbenchItems(tx, {
      importId,
      provenance,
      candidates: [...current.values()],
      tlps,
    });

    const counts = Object.fromEntries(importOutcomes.map((o) => [o, 0])) as ImportCounts;
    for (const result of results) counts[result.outcome] += 1;
    await tx
      .updateTable('stixImports')
      // pg would send a JavaScript array as a PostgreSQL array: the list goes as JSON text.
      .set({
        counts,
        results: sql`${JSON.stringify(results)}::json`,
        disarmTechniqueCount,
        workbenchItemIds,
      })
      .where('id', '=', importId)
      .execute();
    await appendAudit(
      tx,
      input.audit ?? {
        requestId: null,
        sourceIp: null,
        actorUserId: provenance.receivedByUserId,
        actorOrganisationId: owner,
      },
      {
        action: 'stix.imported',
        targetType: 'stix_import',
        targetId: importId,
        details: {
          source: provenance.source,
          partnerId: provenance.partnerId,
          bundleId: provenance.bundleId,
          counts,
          workbenchItemIds,
        },
      },
    );
    return { importId, counts, results, workbenchItemIds, disarmTechniqueCount };
  };
  return db.isTransaction ? run(db as Tx) : db.transaction().execute(run);
};
