import type { Tlp } from '../../../../shared/access/tlp.js';
import type { MispEventResult, MispImportResult } from '../../../../shared/contracts/exchange-misp.js';
import type { Db, Tx } from '../../../db/connection.js';
import type { AuditSource } from '../../audit/audit-log.js';
import { importStixObjects } from '../import/stix-import.js';
import { findBadText } from '../../../http/json-body.js';
import type { StixObject } from '../stix/stix-types.js';
import { validateStixObject } from '../stix/stix-validate.js';
import { parseMispEvent } from './misp-event.js';
import { mispEventToStix, type MispStixConversion, type UnmappedAttribute } from './misp-to-stix.js';

/**
 * MISP events into the import pipeline: each event is checked, converted to STIX (misp-to-stix.ts)
 * and imported on its own (one transaction each, source "misp"), so that one bad event refuses
 * only itself. An event that is not valid changes nothing.
 */

export interface MispImportInput {
  /** Each `{"Event": {…}}`. */
  events: readonly unknown[];
  provenance: {
    partnerId: string | null;
    receivedByUserId: string | null;
    ownerOrganisationId: string;
    defaultTlp: Tlp;
  };
  audit?: AuditSource;
}

/** DISARM technique id → attack-pattern id, for mispEventToStix. */
export const loadDisarmLookup = async (db: Db | Tx): Promise<Map<string, string>> =>
  new Map(
    (await db.selectFrom('disarmTechniques').select(['id', 'stixId']).execute()).map((t) => [t.id, t.stixId]),
  );

const refused = (index: number, document: unknown, reasons: string[]): MispEventResult => {
  const body = (document as { Event?: Record<string, unknown> } | null)?.Event;
  return {
    index,
    uuid: typeof body?.uuid === 'string' ? body.uuid.slice(0, 100) : null,
    info: typeof body?.info === 'string' ? body.info.slice(0, 300) : null,
    outcome: 'invalid',
    reasons,
    incidentId: null,
    importId: null,
    counts: null,
    workbenchItemIds: [],
    unmapped: [],
    unknownTechniques: [],
  };
};

/**
 * The converted objects that pass their OASIS schema. An observable that does not (a value our
 * normal form accepts but STIX refuses) is left out with its relationship and reported; an
 * incident that does not refuses the event.
 */
const keepValid = (
  conversion: MispStixConversion,
): { ok: true; objects: StixObject[]; dropped: UnmappedAttribute[] } | { ok: false; reasons: string[] } => {
  const invalid = new Map<string, string[]>();
  for (const object of conversion.objects) {
    const validation = validateStixObject(object);
    if (!validation.valid) invalid.set(object.id, validation.reasons);
  }
  const incidentReasons = invalid.get(conversion.incidentId);
  if (incidentReasons) return { ok: false, reasons: incidentReasons.map((r) => `the incident: ${r}`) };
  const objects = conversion.objects.filter(
    (o) => !invalid.has(o.id) && !(o.type === 'relationship' && invalid.has(String(o.target_ref))),
  );
  const dropped = [...invalid].map(([id, reasons]) => ({
    uuid: id,
    type: id.slice(0, id.indexOf('--')),
    value: id,
    reason: `not valid STIX: ${reasons.join('; ')}`,
  }));
  return { ok: true, objects, dropped };
};

export const importMispEvents = async (db: Db, input: MispImportInput): Promise<MispImportResult> => {
  const disarm = await loadDisarmLookup(db);
  const events: MispEventResult[] = [];
  for (const [index, document] of input.events.entries()) {
    const parsed = parseMispEvent(document);
    if (!parsed.ok) {
      events.push(refused(index, document, parsed.reasons));
      continue;
    }
    const bad = findBadText(document);
    if (bad) {
      events.push(refused(index, document, [bad]));
      continue;
    }
    const conversion = mispEventToStix(parsed.event, { disarm });
    const checked = keepValid(conversion);
    if (!checked.ok) {
      events.push(refused(index, document, checked.reasons));
      continue;
    }
    const imported = await importStixObjects(db, {
      objects: checked.objects,
      provenance: { source: 'misp', bundleId: null, ...input.provenance },
      ...(input.audit ? { audit: input.audit } : {}),
    });
    events.push({
      index,
      uuid: parsed.event.uuid,
      info: parsed.event.info,
      outcome: 'imported',
      incidentId: conversion.incidentId,
      importId: imported.importId,
      counts: imported.counts,
      workbenchItemIds: imported.workbenchItemIds,
      unmapped: [...conversion.unmapped, ...checked.dropped],
      unknownTechniques: conversion.unknownTechniques,
    });
  }
  return {
    imported: events.filter((e) => e.outcome === 'imported').length,
    invalid: events.filter((e) => e.outcome === 'invalid').length,
    events,
  };
};
