import { sql } from 'kysely';
import { incidentDomains } from '../../../shared/contracts/incident-enums.js';
import type { Tx } from '../../db/connection.js';

/**
 * Announces at commit that an election's threat level (or a proposal of it) changed in a domain.
 * The stream broadcasts it as `event: threat_level` to every open stream that may read content:
 * threat levels are group-level assessments, not marked records.
 */
export const THREAT_LEVELS_CHANNEL = 'vaalivahti_threat_levels';

export interface ThreatLevelAnnouncement {
  electionId: string;
  domain: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const announceThreatLevel = async (tx: Tx, change: ThreatLevelAnnouncement): Promise<void> => {
  const payload = JSON.stringify({ electionId: change.electionId, domain: change.domain });
  await sql`select pg_notify(${THREAT_LEVELS_CHANNEL}, ${payload})`.execute(tx);
};

/** The SSE frame for a payload from the channel, or undefined if it is not one we sent. */
export const threatLevelFrame = (payload: string): string | undefined => {
  try {
    const { electionId, domain } = JSON.parse(payload) as Record<string, unknown>;
    if (typeof electionId !== 'string' || !uuidPattern.test(electionId)) return undefined;
    if (typeof domain !== 'string' || !(incidentDomains as readonly string[]).includes(domain))
      return undefined;
    return `event: threat_level\ndata: ${JSON.stringify({ electionId, domain })}\n\n`;
  } catch {
    return undefined;
  }
};
