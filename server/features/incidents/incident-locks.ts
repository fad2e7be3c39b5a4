import { sql } from 'kysely';
import { toIncidentId } from '../../../shared/contracts/incident-enums.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import { loadEditableIncident, loadVisibleIncident } from './incident-access.js';

/** An editing lock lasts two minutes and is renewed while the editor keeps the page open. */
const LOCK_SECONDS = 120;

const lockOf = async (ctx: ServiceContext, uuid: string) => {
  const row = await ctx.db
    .selectFrom('incidentLocks as l')
    .innerJoin('users as u', 'u.id', 'l.userId')
    .select(['l.userId', 'u.name', 'l.expiresAt'])
    .where('l.incidentId', '=', uuid)
    .where('l.expiresAt', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row
    ? {
        incidentId: toIncidentId(uuid),
        userId: row.userId,
        userName: row.name,
        expiresAt: row.expiresAt.toISOString(),
        mine: row.userId === ctx.actor.userId,
      }
    : null;
};

export const getLock = async (ctx: ServiceContext, id: string) => {
  const incident = await loadVisibleIncident(ctx.db, ctx.actor, id);
  return { lock: await lockOf(ctx, incident.id) };
};

/** Takes or renews the lock; someone else's live lock answers 409 `locked`, naming them. */
export const acquireLock = async (ctx: ServiceContext, id: string) => {
  const incident = await loadEditableIncident(ctx.db, ctx.actor, id);
  const taken = await ctx.db
    .insertInto('incidentLocks')
    .values({
      incidentId: incident.id,
      userId: ctx.actor.userId,
      expiresAt: sql<Date>`now() + make_interval(secs => ${LOCK_SECONDS})`,
    })
    .onConflict((oc) =>
      oc
        .column('incidentId')
        .doUpdateSet({
          userId: ctx.actor.userId,
          expiresAt: sql<Date>`now() + make_interval(secs => ${LOCK_SECONDS})`,
        })
        .where((eb) =>
          eb.or([
            eb('incidentLocks.userId', '=', ctx.actor.userId),
            eb('incidentLocks.expiresAt', '<=', sql<Date>`now()`),
          ]),
        ),
    )
    .returning('incidentId')
    .executeTakeFirst();
  const lock = await lockOf(ctx, incident.id);
  if (!taken && lock && !lock.mine) {
    throw new AppError('locked', `${lock.userName} is editing this incident.`, { lock });
  }
  return { lock };
};

export const releaseLock = async (ctx: ServiceContext, id: string): Promise<void> => {
  const incident = await loadVisibleIncident(ctx.db, ctx.actor, id);
  await ctx.db
    .deleteFrom('incidentLocks')
    .where('incidentId', '=', incident.id)
    .where('userId', '=', ctx.actor.userId)
    .execute();
};
