import { sql } from 'kysely';
import type { Tx } from '../../db/connection.js';
import { insertNotifications } from './notify.js';
import { subscriptionMatches } from './subscription-match.js';

/**
 * Who is told what about an incident. Each rule runs in the incident service's transaction and
 * goes through insertNotifications, which drops every user who cannot see the incident.
 * `actorUserId`: whoever made the change is not told about it.
 */
export interface RuleOptions {
  actorUserId?: string | null;
}

interface Subscriber {
  userId: string;
  email: boolean;
}

/** Subscriptions that match the incident at the given severity; a user with several is one subscriber, e-mailed if any asks for it. */
const matchingSubscribers = async (tx: Tx, incidentUuid: string, severity: number): Promise<Subscriber[]> =>
  tx
    .selectFrom('subscriptions as s')
    .innerJoin('incidents as i', (join) => join.on('i.id', '=', incidentUuid))
    .select(['s.userId', sql<boolean>`bool_or(s.email)`.as('email')])
    .where(subscriptionMatches(sql`${severity}::int`))
    .groupBy('s.userId')
    .execute();

const notifySubscribers = async (
  tx: Tx,
  incidentUuid: string,
  kind: string,
  severity: number,
  data: Record<string, unknown>,
  exclude: readonly (string | null | undefined)[],
): Promise<void> => {
  const subscribers = (await matchingSubscribers(tx, incidentUuid, severity)).filter(
    (s) => !exclude.includes(s.userId),
  );
  await insertNotifications(tx, {
    userIds: subscribers.map((s) => s.userId),
    kind,
    incidentId: incidentUuid,
    data,
    withoutEmail: new Set(subscribers.filter((s) => !s.email).map((s) => s.userId)),
  });
};

/** A new incident: its matching subscribers, except its author. */
export const onIncidentCreated = async (
  tx: Tx,
  incidentUuid: string,
  options: RuleOptions = {},
): Promise<void> => {
  const incident = await tx
    .selectFrom('incidents')
    .select(['severity', 'authorUserId'])
    .where('id', '=', incidentUuid)
    .executeTakeFirst();
  if (!incident) return;
  await notifySubscribers(
    tx,
    incidentUuid,
    'incident_created',
    incident.severity,
    { severity: incident.severity },
    [incident.authorUserId, options.actorUserId],
  );
};

/** A raised severity: the subscribers the new severity matches. Lowering it tells nobody. */
export const onIncidentEscalated = async (
  tx: Tx,
  incidentUuid: string,
  change: { fromSeverity: number; toSeverity: number } & RuleOptions,
): Promise<void> => {
  if (change.toSeverity <= change.fromSeverity) return;
  await notifySubscribers(
    tx,
    incidentUuid,
    'incident_escalated',
    change.toSeverity,
    { fromSeverity: change.fromSeverity, toSeverity: change.toSeverity },
    [change.actorUserId],
  );
};

/** The lead organisation's coordinators and analysts (those of them who can see the incident). */
export const onLeadAssigned = async (
  tx: Tx,
  incidentUuid: string,
  organisationId: string,
  options: RuleOptions = {},
): Promise<void> => {
  const users = await tx
    .selectFrom('users')
    .select('id')
    .where('organisationId', '=', organisationId)
    .where('active', '=', true)
    .where(sql<boolean>`roles && array['coordinator', 'analyst']::text[]`)
    .execute();
  await insertNotifications(tx, {
    userIds: users.map((u) => u.id).filter((id) => id !== options.actorUserId),
    kind: 'lead_assigned',
    incidentId: incidentUuid,
    data: { organisationId },
  });
};
