import { ThreatLevelPanel } from '../../components/threat-level-panel.js';

/** The threat level per domain with trend and rationale; `electionId` is the election's uuid. */
export const ThreatLevelsSlot = ({ electionId }: { electionId: string }) => (
  <div className="situation-threats">
    <ThreatLevelPanel electionId={electionId} headingLevel={2} />
  </div>
);
