import type { ReleaseRefusal } from '../../../../shared/access/release.js';
import type { RedactableField } from '../../../../shared/contracts/exchange.js';
import { AppError } from '../../../../shared/errors.js';
import type { Tx } from '../../../db/connection.js';
import { appendAudit, type AuditSource } from '../../audit/audit-log.js';
import type { PartnerRow } from '../partners/partner-queries.js';
import type { StixObject } from '../stix/stix-types.js';
import { buildReleaseObjects, objectsAboveCeiling, type ReleaseRedaction } from './release-objects.js';
import { publishObjects } from './release-publish.js';
import { findOpenRelease, insertRelease, isVersionReleased, updateRelease } from './release-queries.js';
import type { RecordForRelease } from './release-records.js';

/**
 * The steps every release goes through, for a coordinator and for the platform alike: propose
 * (build the objects with the redactions, supersede an open release of an older version), and
 * release (write exactly the stored objects into the partner's outbound collection, audited).
 */

const refusalMessages: Record<ReleaseRefusal, [AppError['code'], string]> = {
  not_coordinator: ['forbidden', 'Only coordinators release records to partners.'],
  not_agreement_owner: ['not_found', 'No such partner agreement.'],
  not_visible: ['not_found', 'No such record.'],
  agreement_inactive: ['conflict', 'The agreement is inactive: nothing flows through it.'],
  record_type_not_allowed: ['forbidden', 'The agreement does not let records of this type flow.'],
  marking_never_leaves: ['marking_not_allowed', 'AMBER+STRICT and RED records never leave the platform.'],
  above_ceiling: ['marking_not_allowed', "The record's marking is above the agreement's ceiling."],
  amber_not_owner: [
    'marking_not_allowed',
    'An AMBER record may be released only by its owner or its lead organisation.',
  ],
};

export const refusalError = (refusal: ReleaseRefusal): AppError => {
  const [code, message] = refusalMessages[refusal];
  return new AppError(code, message);
};

export const unionFields = (...lists: readonly (readonly RedactableField[])[]): RedactableField[] => [
  ...new Set(lists.flat()),
];

export interface ProposalInput {
  partner: PartnerRow;
  record: RecordForRelease;
  redaction: ReleaseRedaction;
  proposedByUserId: string | null;
  audit: AuditSource;
  now: Date;
  /** The platform proposing a newer version: omissions of objects that no longer exist are dropped. */
  automatic?: boolean;
}

export type ProposalOutcome = { releaseId: string; released: boolean } | { skipped: string };

/** The outbound collection of an agreement (made with it, so it exists). */
const outboundCollectionId = async (tx: Tx, partnerId: string): Promise<string> =>
  (
    await tx
      .selectFrom('taxiiCollections')
      .select('id')
      .where('partnerId', '=', partnerId)
      .where('canRead', '=', true)
      .executeTakeFirstOrThrow()
  ).id;

/** Writes a release's stored objects into the partner's collection and records who released it. */
export const releaseNow = async (
  tx: Tx,
  input: {
    releaseId: string;
    partner: PartnerRow;
    record: Pick<RecordForRelease, 'type' | 'apiId'> & { version: string; tlp: PartnerRow['tlpCeiling'] };
    objects: readonly StixObject[];
    decidedByUserId: string | null;
    audit: AuditSource;
    now: Date;
  },
): Promise<void> => {
  const above = objectsAboveCeiling(input.objects, input.partner.tlpCeiling);
  if (above.length > 0) {
    throw new AppError(
      'marking_not_allowed',
      `Objects above the agreement's ceiling: ${above.slice(0, 10).join(', ')}.`,
    );
  }
  const collectionId = await outboundCollectionId(tx, input.partner.id);
  const published = await publishObjects(tx, {
    collectionId,
    releaseId: input.releaseId,
    recordTlp: input.record.tlp,
    objects: input.objects,
  });
  await updateRelease(tx, input.releaseId, {
    status: 'released',
    decidedByUserId: input.decidedByUserId,
    decidedAt: input.now,
  });
  await appendAudit(tx, input.audit, {
    action: 'release.released',
    targetType: 'release',
    targetId: input.releaseId,
    details: {
      partnerId: input.partner.id,
      collectionId,
      recordType: input.record.type,
      recordId: input.record.apiId,
      recordVersion: input.record.version,
      objectIds: input.objects.map((o) => o.id),
      added: published.added,
      alreadyHeld: published.alreadyHeld.length,
    },
  });
};

/**
 * Proposes the record's current version to the partner: released at once when the agreement needs
 * no approval. A version already released or already waiting is refused (a coordinator) or skipped
 * (the platform); an open release of an older version is withdrawn, superseded.
 */
export const proposeRelease = async (tx: Tx, input: ProposalInput): Promise<ProposalOutcome> => {
  const { partner, record } = input;
  const built = await buildReleaseObjects(tx, record, partner.tlpCeiling, input.redaction, {
    dropUnknownOmissions: input.automatic === true,
  });
  const duplicate = (message: string): ProposalOutcome => {
    if (input.automatic) return { skipped: message };
    throw new AppError('conflict', message);
  };
  if (await isVersionReleased(tx, partner.id, record.type, record.id, built.version)) {
    return duplicate('This version of the record was already released to the partner.');
  }
  const open = await findOpenRelease(tx, partner.id, record.type, record.id);
  if (open && open.recordVersion === built.version) {
    return duplicate(
      `This version of the record is already ${open.status === 'held' ? 'held' : 'waiting for approval'}.`,
    );
  }
  if (open) {
    await updateRelease(tx, open.id, {
      status: 'withdrawn',
      reason: `Superseded by version ${built.version}.`,
      decidedByUserId: input.proposedByUserId,
      decidedAt: input.now,
    });
    await appendAudit(tx, input.audit, {
      action: 'release.withdrawn',
      targetType: 'release',
      targetId: open.id,
      details: { partnerId: partner.id, recordId: record.apiId, supersededBy: built.version },
    });
  }
  const recordTlp = record.access.tlp as PartnerRow['tlpCeiling'];
  const { id } = await insertRelease(tx, {
    partnerId: partner.id,
    recordType: record.type,
    recordId: record.id,
    recordVersion: built.version,
    recordTitle: record.title,
    recordTlp,
    status: 'pending',
    objects: JSON.stringify(built.objects),
    availableObjects: JSON.stringify(built.available),
    redactedFields: input.redaction.fields,
    omittedObjectIds: input.redaction.omitObjectIds.filter((id) => built.available.some((o) => o.id === id)),
    proposedByUserId: input.proposedByUserId,
  });
  await appendAudit(tx, input.audit, {
    action: 'release.proposed',
    targetType: 'release',
    targetId: id,
    details: {
      partnerId: partner.id,
      recordType: record.type,
      recordId: record.apiId,
      recordVersion: built.version,
      objectCount: built.objects.length,
      redactedFields: input.redaction.fields,
      omittedObjectIds: input.redaction.omitObjectIds,
      automatic: input.automatic === true,
    },
  });
  if (partner.requiresApproval) return { releaseId: id, released: false };
  await releaseNow(tx, {
    releaseId: id,
    partner,
    record: { type: record.type, apiId: record.apiId, version: built.version, tlp: recordTlp },
    objects: built.objects,
    decidedByUserId: input.proposedByUserId,
    audit: input.audit,
    now: input.now,
  });
  return { releaseId: id, released: true };
};
