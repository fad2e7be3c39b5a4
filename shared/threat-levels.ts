import type { LocalisedName } from './contracts/common.js';
import { incidentDomains, type IncidentDomain } from './contracts/incident-enums.js';

/**
 * The threat-level scale of the cooperation group: one level per election and domain, 1–5. A level
 * that was never set is "no assessment yet" — never read it as 1.
 */
export const threatLevels = [1, 2, 3, 4, 5] as const;
export type ThreatLevel = (typeof threatLevels)[number];

export const threatDomains = incidentDomains;
export type ThreatDomain = IncidentDomain;

export const threatLevelNames: Record<ThreatLevel, LocalisedName> = {
  1: { fi: 'matala', sv: 'låg', en: 'low' },
  2: { fi: 'kohtalainen', sv: 'måttlig', en: 'moderate' },
  3: { fi: 'kohonnut', sv: 'förhöjd', en: 'elevated' },
  4: { fi: 'korkea', sv: 'hög', en: 'high' },
  5: { fi: 'vakava', sv: 'allvarlig', en: 'severe' },
};

/**
 * Colours of the scale, each with a text colour that keeps a contrast of at least 4.5:1 on it.
 * Colour never carries the level alone: the number and the name are always shown with it.
 */
export const threatLevelColours: Record<ThreatLevel, { background: string; text: string }> = {
  1: { background: '#1e7b34', text: '#ffffff' },
  2: { background: '#f2cc3d', text: '#1a1a1a' },
  3: { background: '#f28c28', text: '#1a1a1a' },
  4: { background: '#c62828', text: '#ffffff' },
  5: { background: '#5c1010', text: '#ffffff' },
};

export const threatDomainNames: Record<ThreatDomain, LocalisedName> = {
  information_influence: {
    fi: 'Informaatiovaikuttaminen',
    sv: 'Informationspåverkan',
    en: 'Information influence',
  },
  cyber: { fi: 'Kyberturvallisuus', sv: 'Cybersäkerhet', en: 'Cyber security' },
  physical: { fi: 'Fyysinen turvallisuus', sv: 'Fysisk säkerhet', en: 'Physical security' },
  process: {
    fi: 'Vaalien toimittaminen ja hallinto',
    sv: 'Valets genomförande och förvaltning',
    en: 'Election process and administration',
  },
};

export const isThreatLevel = (value: unknown): value is ThreatLevel =>
  typeof value === 'number' && (threatLevels as readonly number[]).includes(value);

export type ThreatTrend = 'up' | 'down' | 'steady';

/** The direction from the previous assessment; null for the first one. */
export const trendOf = (level: number, previous: number | null): ThreatTrend | null =>
  previous === null ? null : level > previous ? 'up' : level < previous ? 'down' : 'steady';

/** The least a rationale must say. */
export const MIN_RATIONALE_LENGTH = 10;
export const MAX_RATIONALE_LENGTH = 20_000;
