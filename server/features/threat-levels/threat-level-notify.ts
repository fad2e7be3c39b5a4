import type { Tx } from '../../db/connection.js';
import { insertNotifications } from '../notifications/notify.js';
import { electionSubscribers } from './threat-level-queries.js';

export const THREAT_LEVEL_CHANGED = 'threat_level_changed';
export const PROPOSAL_DECIDED = 'threat_level_proposal_decided';

export interface ElectionRef {
  id: string;
  slug: string;
  nameFi: string;
  nameSv: string;
  nameEn: string;
}

const electionData = (election: ElectionRef) => ({
  electionId: election.id,
  electionSlug: election.slug,
  electionName: { fi: election.nameFi, sv: election.nameSv, en: election.nameEn },
});

/**
 * A new level: the users subscribed to this election and domain (or every domain), except whoever
 * set it. Not about an incident, so no marking narrows the audience; the query keeps only users
 * who may read content.
 */
export const onThreatLevelSet = async (
  tx: Tx,
  election: ElectionRef,
  change: { domain: string; level: number; previousLevel: number | null; threatLevelId: number },
  actorUserId: string,
): Promise<void> => {
  const subscribers = (await electionSubscribers(tx, election.id, change.domain)).filter(
    (s) => s.userId !== actorUserId,
  );
  await insertNotifications(tx, {
    userIds: subscribers.map((s) => s.userId),
    kind: THREAT_LEVEL_CHANGED,
    incidentId: null,
    data: { ...electionData(election), ...change },
    withoutEmail: new Set(subscribers.filter((s) => !s.email).map((s) => s.userId)),
  });
};

/** The proposer learns the decision, unless they made it themselves. */
export const onProposalDecided = async (
  tx: Tx,
  election: ElectionRef,
  decision: {
    proposalId: string;
    proposerUserId: string;
    domain: string;
    level: number;
    accepted: boolean;
    reason: string | null;
  },
  actorUserId: string,
): Promise<void> => {
  if (decision.proposerUserId === actorUserId) return;
  const { proposerUserId, ...data } = decision;
  await insertNotifications(tx, {
    userIds: [proposerUserId],
    kind: PROPOSAL_DECIDED,
    incidentId: null,
    data: { ...electionData(election), ...data },
  });
};
