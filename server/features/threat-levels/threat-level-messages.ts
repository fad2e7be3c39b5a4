import type { Locale } from '../../../shared/contracts/common.js';
import {
  isThreatLevel,
  threatDomainNames,
  threatLevelNames,
  type ThreatDomain,
} from '../../../shared/threat-levels.js';

/** What the threat-level notifications' e-mail texts say, in the recipient's language. */
export interface ThreatLevelVars {
  election: string;
  domain: string;
  level: string;
  previous: string;
  accepted: boolean;
  reason: string;
}

const levelText = (value: unknown, locale: Locale): string =>
  isThreatLevel(value) ? `${value} (${threatLevelNames[value][locale]})` : '';

export const threatLevelVars = (data: Record<string, unknown>, locale: Locale): ThreatLevelVars => {
  const name = data.electionName as Partial<Record<Locale, unknown>> | undefined;
  const election = typeof name?.[locale] === 'string' ? name[locale] : String(data.electionSlug ?? '');
  const domain =
    typeof data.domain === 'string' && Object.hasOwn(threatDomainNames, data.domain)
      ? threatDomainNames[data.domain as ThreatDomain][locale].toLocaleLowerCase(locale)
      : '';
  return {
    election: election.replace(/[\r\n\t]+/g, ' '),
    domain,
    level: levelText(data.level, locale),
    previous: levelText(data.previousLevel, locale),
    accepted: data.accepted === true,
    reason: typeof data.reason === 'string' ? data.reason : '',
  };
};
