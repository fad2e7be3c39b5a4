import type { MispEventsBody, MispImportResult } from '../../../../shared/contracts/exchange-misp.js';
import { toIncidentId } from '../../../../shared/contracts/incident-enums.js';
import type { Tlp } from '../../../../shared/access/tlp.js';
import { AppError } from '../../../../shared/errors.js';
import { auditRedRead } from '../../../access/record-access.js';
import type { ServiceContext } from '../../../context.js';
import { loadVisibleIncident } from '../../incidents/incident-access.js';
import type { MispEvent } from './misp-event.js';
import { incidentMispEvent } from './misp-export.js';
import { importMispEvents } from './misp-import.js';

/** MISP for a signed-in user: downloading an incident as an event, uploading events. */

export interface MispDownload {
  event: MispEvent;
  filename: string;
}

/** Whoever may see the incident downloads it, whole; a read of a red incident is audited. */
export const exportIncidentMisp = async (ctx: ServiceContext, id: string): Promise<MispDownload> =>
  ctx.db.transaction().execute(async (tx) => {
    const incident = await loadVisibleIncident(tx, ctx.actor, id);
    await auditRedRead(tx, ctx.audit, { ...incident, id: toIncidentId(incident.id) }, 'incident');
    return {
      event: await incidentMispEvent(tx, incident.id),
      filename: `${toIncidentId(incident.id)}.misp.json`,
    };
  });

const eventsOf = (body: MispEventsBody): unknown[] =>
  Array.isArray(body) ? body : 'response' in body && Array.isArray(body.response) ? body.response : [body];

/**
 * Events uploaded by an analyst or coordinator become imports of their organisation. When no event
 * is valid the upload is refused as a whole (400, each reason with its event's position); otherwise
 * every event has its result, the invalid ones with their reasons.
 */
export const importUploadedMispEvents = async (
  ctx: ServiceContext,
  body: MispEventsBody,
  defaultTlp: Tlp,
): Promise<MispImportResult> => {
  const result = await importMispEvents(ctx.db, {
    events: eventsOf(body),
    provenance: {
      partnerId: null,
      receivedByUserId: ctx.actor.userId,
      ownerOrganisationId: ctx.actor.organisationId,
      defaultTlp,
    },
    audit: ctx.audit,
  });
  if (result.imported === 0)
    throw new AppError(
      'validation_failed',
      result.events.length === 1
        ? `The MISP event is not valid: ${result.events[0]!.reasons?.[0] ?? 'unknown reason'}`
        : 'None of the MISP events is valid.',
      result.events.flatMap((e) =>
        (e.reasons ?? []).map((reason) => ({ path: `events[${e.index}]`, message: reason })),
      ),
    );
  return result;
};
