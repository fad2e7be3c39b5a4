import type { ElectionType } from '../../../shared/contracts/elections.js';
import type { ElectionOverview, ElectionsOverview } from '../../../shared/contracts/threat-levels.js';
import { threatDomains, type ThreatDomain } from '../../../shared/threat-levels.js';
import type { ServiceContext } from '../../context.js';
import {
  incidentCountsPerElection,
  levelsPerElectionDomain,
  listAdvanceVoting,
  listOverviewElections,
} from './threat-level-queries.js';

type ByDomain<T> = Record<ThreatDomain, T>;

const perDomain = <T>(value: (domain: ThreatDomain) => T): ByDomain<T> =>
  Object.fromEntries(threatDomains.map((domain) => [domain, value(domain)])) as ByDomain<T>;

/**
 * The elections side by side, for lessons learned: dates, the highest and the latest threat level
 * per domain, and counts of the incidents the caller may see (the scope is in the SQL).
 */
export const getElectionsOverview = async (
  ctx: Pick<ServiceContext, 'db' | 'actor'>,
): Promise<ElectionsOverview> => {
  const [elections, phases, levels, counts] = await Promise.all([
    listOverviewElections(ctx.db),
    listAdvanceVoting(ctx.db),
    levelsPerElectionDomain(ctx.db),
    incidentCountsPerElection(ctx.db, ctx.actor),
  ]);
  const phaseOf = (electionId: string, key: string) => {
    const phase = phases.find((p) => p.electionId === electionId && p.key === key);
    return phase ? { startsOn: phase.startsOn, endsOn: phase.endsOn } : null;
  };
  const levelOf = (electionId: string, domain: string) =>
    levels.find((l) => l.electionId === electionId && l.domain === domain);
  const items = elections.map((election): ElectionOverview => {
    const count = counts.find((c) => c.electionId === election.id);
    return {
      id: election.id,
      slug: election.slug,
      type: election.type as ElectionType,
      round: election.round,
      name: { fi: election.nameFi, sv: election.nameSv, en: election.nameEn },
      electionDay: election.electionDay,
      advanceVoting: phaseOf(election.id, 'advance_voting_finland'),
      advanceVotingAbroad: phaseOf(election.id, 'advance_voting_abroad'),
      peakLevels: perDomain((domain) => levelOf(election.id, domain)?.peak ?? null),
      currentLevels: perDomain((domain) => levelOf(election.id, domain)?.current ?? null),
      incidents: {
        total: count?.total ?? 0,
        byDomain: {
          information_influence: count?.informationInfluence ?? 0,
          cyber: count?.cyber ?? 0,
          physical: count?.physical ?? 0,
          process: count?.process ?? 0,
        },
        severe: count?.severe ?? 0,
        closed: count?.closed ?? 0,
      },
    };
  });
  return { items };
};
