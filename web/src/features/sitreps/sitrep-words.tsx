import { useTranslation } from 'react-i18next';
import { tlpLevels, type Tlp } from '../../../../shared/access/tlp.js';
import type { Locale } from '../../../../shared/contracts/common.js';
import type { BlockingIssue, LocalisedText, SitrepStatus } from '../../../../shared/contracts/sitreps.js';
import { formatDateTimeToMinute } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { useSignedInUser } from '../../lib/session.js';
import './sitreps.css';

export { tlpLevels };
export const reportTimeZone = 'Europe/Helsinki';

export { TlpBadge as TlpLabel, tlpText } from '../../components/tlp-badge.js';

/** The text in the reader's language, else the first language that has one. */
export const pickText = (text: LocalisedText | null | undefined, locale: Locale): string =>
  text ? text[locale] || text.fi || text.sv || text.en : '';

/** Words of the feature bound to the reader's language and time zone. */
export const useSitrepWords = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const dateTime = (iso: string | null | undefined) => formatDateTimeToMinute(iso, locale, me.timeZone);
  return {
    locale,
    dateTime,
    period: (start: string, end: string) =>
      t('sitreps.period', { start: dateTime(start), end: dateTime(end) }),
    status: (status: SitrepStatus | null) => t(`sitreps.status.${status ?? 'received'}`),
    kind: (kind: string) => t(`sitreps.kind.${kind}`, { defaultValue: kind }),
    language: (language: Locale) => t(`sitreps.language.${language}`),
    languages: (languages: readonly Locale[]) => languages.map((l) => t(`sitreps.language.${l}`)).join(', '),
    domain: (domain: string | null) =>
      domain
        ? t(`incidents.labels.domain.${domain}`, { defaultValue: domain })
        : t('sitreps.sections.general'),
    incidentStatus: (status: string) => t(`incidents.labels.status.${status}`, { defaultValue: status }),
    severity: (severity: number) =>
      `${severity} – ${t(`incidents.labels.severity.${severity}`, { defaultValue: String(severity) })}`,
    tlpMeaning: (tlp: Tlp) => t(`sitreps.tlpMeaning.${tlp.replace('+', '_')}`),
  };
};

export const statusTone = (status: SitrepStatus | null) =>
  status === 'distributed' || status === null
    ? 'positive'
    : status === 'approved'
      ? 'positive'
      : status === 'in_review'
        ? 'warning'
        : 'neutral';

/** A blocking issue in plain words, naming the organisation, community or incident concerned. */
export const useIssueText = (names: {
  organisation: (id: string) => string;
  community: (id: string) => string;
  incident: (id: string) => string;
}) => {
  const { t } = useTranslation();
  return (issue: BlockingIssue) => {
    const who = issue.organisationId
      ? names.organisation(issue.organisationId)
      : issue.communityId
        ? names.community(issue.communityId)
        : '';
    const incident = issue.incidentId ? names.incident(issue.incidentId) : '';
    switch (issue.code) {
      case 'recipient_may_not_see':
        return incident
          ? t('sitreps.issues.recipientMayNotSeeIncident', { who: who || '?', incident })
          : t('sitreps.issues.recipientMayNotSeeReport', { who: who || '?' });
      case 'marking_below_floor':
        return t('sitreps.issues.markingBelowFloor');
      case 'no_recipients':
        return t('sitreps.issues.noRecipients');
      case 'language_missing':
        return t('sitreps.issues.languageMissing');
      default:
        return issue.message;
    }
  };
};

/** Codes of this feature the shared error list may not know yet (approval_blocked, edit_conflict). */
export const errorCodeIs = (error: unknown, code: string): boolean =>
  typeof error === 'object' &&
  error !== null &&
  'code' in error &&
  (error as { code: unknown }).code === code;

/**
 * Blocking issues as lines to read: the recipients who may not see the same incident are named
 * together, so that a long distribution list does not repeat the incident's title for each.
 */
export const useIssueLines = (names: {
  organisation: (id: string) => string;
  community: (id: string) => string;
  incident: (id: string) => string;
}) => {
  const { t } = useTranslation();
  const issueText = useIssueText(names);
  return (issues: readonly BlockingIssue[]): string[] => {
    const lines: string[] = [];
    const byIncident = new Map<string, string[]>();
    for (const issue of issues) {
      if (issue.code === 'recipient_may_not_see' && issue.incidentId) {
        const who = issue.organisationId
          ? names.organisation(issue.organisationId)
          : issue.communityId
            ? names.community(issue.communityId)
            : '?';
        byIncident.set(issue.incidentId, [...(byIncident.get(issue.incidentId) ?? []), who]);
      } else lines.push(issueText(issue));
    }
    for (const [incidentId, who] of byIncident) {
      lines.unshift(
        who.length === 1
          ? t('sitreps.issues.recipientMayNotSeeIncident', {
              who: who[0],
              incident: names.incident(incidentId),
            })
          : t('sitreps.issues.recipientsMayNotSeeIncident', {
              who: who.join(', '),
              incident: names.incident(incidentId),
            }),
      );
    }
    return lines;
  };
};
