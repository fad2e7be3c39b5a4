import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { tlpLevels, type Tlp } from '../../../../shared/access/tlp.js';
import type { Locale } from '../../../../shared/contracts/common.js';
import {
  closingReasons,
  impactLevels,
  incidentDomains,
  incidentStatuses,
  informationCredibilities,
  sourceReliabilities,
  type ClosingReason,
  type ImpactLevel,
  type IncidentDomain,
  type IncidentStatus,
} from '../../../../shared/contracts/incidents.js';
import { isPhaseKey, phaseLabels } from '../../../../shared/elections/phase-labels.js';
import {
  categoryByKey,
  incidentCategories,
  type Category,
} from '../../../../shared/taxonomy/incident-categories.js';
import { useLocale } from '../../lib/i18n.js';

export { TlpBadge, tlpText } from '../../components/tlp-badge.js';

const ns = 'incidents.labels';

/** A value the vocabulary does not know yet (a newer server) shows as itself rather than a key. */
const label = (t: TFunction, key: string, fallback: string) => t(key, { defaultValue: fallback });

export const domainLabel = (t: TFunction, domain: IncidentDomain | string) =>
  label(t, `${ns}.domain.${domain}`, domain);
export const statusLabel = (t: TFunction, status: IncidentStatus | string) =>
  label(t, `${ns}.status.${status}`, status);
/** The status as a reporter reads it: what is happening to their report, in plain words. */
export const plainStatusLabel = (t: TFunction, status: IncidentStatus | string) =>
  label(t, `${ns}.plainStatus.${status}`, status);
export const closingReasonLabel = (t: TFunction, reason: ClosingReason | string) =>
  label(t, `${ns}.closingReason.${reason}`, reason);
export const plainClosingReasonLabel = (t: TFunction, reason: ClosingReason | string) =>
  label(t, `${ns}.plainClosingReason.${reason}`, reason);
export const impactLabel = (t: TFunction, impact: ImpactLevel | string) =>
  label(t, `${ns}.impact.${impact}`, impact);
/** "4 – High". */
export const severityLabel = (t: TFunction, severity: number) =>
  `${severity} – ${label(t, `${ns}.severity.${severity}`, String(severity))}`;
/** The Admiralty letter with its meaning: "B – Usually reliable". */
export const reliabilityLabel = (t: TFunction, code: string) =>
  `${code} – ${label(t, `${ns}.reliability.${code}`, code)}`;
export const reliabilityExplanation = (t: TFunction, code: string) =>
  label(t, `${ns}.reliabilityHint.${code}`, '');
/** The Admiralty digit with its meaning: "2 – Probably true". */
export const credibilityLabel = (t: TFunction, code: number) =>
  `${code} – ${label(t, `${ns}.credibility.${code}`, String(code))}`;
export const credibilityExplanation = (t: TFunction, code: number) =>
  label(t, `${ns}.credibilityHint.${code}`, '');
/** "B2", as analysts write the pair. */
export const admiraltyCode = (reliability: string, credibility: number) => `${reliability}${credibility}`;
export const tlpExplanation = (t: TFunction, tlp: Tlp) => label(t, `${ns}.tlpAudience.${tlp}`, '');
export const reportedViaLabel = (t: TFunction, via: string) => label(t, `${ns}.reportedVia.${via}`, via);

export const categoryLabel = (key: string, locale: Locale) => categoryByKey.get(key)?.label[locale] ?? key;
export const phaseLabel = (key: string, locale: Locale) => (isPhaseKey(key) ? phaseLabels[key][locale] : key);

/** Categories that fit any of the domains (all of them when none is chosen), in the taxonomy's order. */
export const categoriesFor = (domains: readonly IncidentDomain[]): Category[] =>
  incidentCategories.filter(
    (category) => domains.length === 0 || category.domain === null || domains.includes(category.domain),
  );

/** Every vocabulary at once, bound to the reader's language. */
export const useIncidentLabels = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  return {
    domain: (value: string) => domainLabel(t, value),
    status: (value: string) => statusLabel(t, value),
    plainStatus: (value: string) => plainStatusLabel(t, value),
    closingReason: (value: string) => closingReasonLabel(t, value),
    plainClosingReason: (value: string) => plainClosingReasonLabel(t, value),
    impact: (value: string) => impactLabel(t, value),
    severity: (value: number) => severityLabel(t, value),
    reliability: (value: string) => reliabilityLabel(t, value),
    reliabilityExplanation: (value: string) => reliabilityExplanation(t, value),
    credibility: (value: number) => credibilityLabel(t, value),
    credibilityExplanation: (value: number) => credibilityExplanation(t, value),
    tlpExplanation: (value: Tlp) => tlpExplanation(t, value),
    reportedVia: (value: string) => reportedViaLabel(t, value),
    category: (key: string) => categoryLabel(key, locale),
    phase: (key: string) => phaseLabel(key, locale),
  };
};
export type IncidentLabels = ReturnType<typeof useIncidentLabels>;

/** The vocabularies in their order, for building choices. */
export const vocabularies = {
  domains: incidentDomains,
  statuses: incidentStatuses,
  closingReasons,
  impacts: impactLevels,
  severities: [1, 2, 3, 4, 5] as const,
  reliabilities: sourceReliabilities,
  credibilities: informationCredibilities,
  tlps: tlpLevels,
};
