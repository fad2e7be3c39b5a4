import { canSee } from '../../../../shared/access/tlp.js';
import { toIncidentId } from '../../../../shared/contracts/incident-enums.js';
import { auditRedRead, shareableOf } from '../../../access/record-access.js';
import type { ServiceContext } from '../../../context.js';
import { loadVisibleIncident } from '../../incidents/incident-access.js';
import { loadReadableVersion } from '../../sitreps/sitrep-access.js';
import { incidentStixObjects, sitrepStixObjects, stixBundle } from './stix-export.js';
import type { StixBundle } from './stix-types.js';

/**
 * STIX downloads for a signed-in user: whoever may read the incident (or the report version) gets
 * all of it, unredacted, with links and narratives they may see; a red read is audited.
 */

export interface StixDownload {
  bundle: StixBundle;
  filename: string;
}

export const exportIncidentStix = async (ctx: ServiceContext, id: string): Promise<StixDownload> =>
  ctx.db.transaction().execute(async (tx) => {
    const incident = await loadVisibleIncident(tx, ctx.actor, id);
    await auditRedRead(tx, ctx.audit, { ...incident, id: toIncidentId(incident.id) }, 'incident');
    const objects = await incidentStixObjects(
      tx,
      incident.id,
      { fields: [] },
      { mayName: (record) => canSee(ctx.actor, record) },
    );
    return { bundle: stixBundle(objects), filename: `${toIncidentId(incident.id)}.stix.json` };
  });

export const exportSitrepStix = async (
  ctx: ServiceContext,
  sitrepId: string,
  version: number | undefined,
): Promise<StixDownload> =>
  ctx.db.transaction().execute(async (tx) => {
    const row = await loadReadableVersion(tx, ctx.actor, sitrepId, version);
    await auditRedRead(
      tx,
      ctx.audit,
      { ...shareableOf(row), id: `${row.sitrepId}/${row.number}` },
      'sitrep_version',
    );
    const objects = await sitrepStixObjects(tx, row.sitrepId, row.number, { fields: [] });
    return { bundle: stixBundle(objects), filename: `sitrep-${row.sitrepId}-v${row.number}.stix.json` };
  });
