import { useTranslation } from 'react-i18next';
import { hasRole } from '../../../../shared/access/roles.js';
import type { Me } from '../../../../shared/contracts/me.js';
import { categoryByKey } from '../../../../shared/taxonomy/incident-categories.js';
import { formatDateTime, formatDateTimeToMinute } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { useSignedInUser } from '../../lib/session.js';
import type { ReleaseStatus, WorkbenchStatus } from './exchange-api.js';
import type { SummaryFieldKey } from './stix-summary.js';
import './exchange.css';

/** Coordinators manage partners, releases and feeds; analysts and coordinators review what comes in. */
export const managesPartners = (me: Pick<Me, 'roles'>) => hasRole(me, 'coordinator');
export const reviewsImports = (me: Pick<Me, 'roles'>) => hasRole(me, 'coordinator') || hasRole(me, 'analyst');

const timeKeys = new Set<SummaryFieldKey>(['modified', 'firstSeen', 'published']);

/** Words of the feature bound to the reader's language and time zone. */
export const useExchangeWords = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const word = (group: string, value: string) => t(`exchange.${group}.${value}`, { defaultValue: value });
  const dateTime = (iso: string | null | undefined) => formatDateTimeToMinute(iso, locale, me.timeZone);
  return {
    locale,
    dateTime,
    /** To the second: versions of STIX objects differ by less than a minute. */
    exactTime: (iso: string | null | undefined) => formatDateTime(iso, locale, me.timeZone),
    ceiling: (tlp: string) => word('ceiling', tlp),
    field: (field: string) => word('fields', field),
    fieldHelp: (field: string) => word('fieldHelp', field),
    recordType: (type: string) => word('recordTypes', type),
    /** One record of the kind: "Incident record", "Situation report". */
    recordKind: (type: string) => word('recordKind', type),
    releaseStatus: (status: ReleaseStatus) => word('releaseStatus', status),
    workbenchStatus: (status: WorkbenchStatus) => word('workbenchStatus', status),
    kind: (kind: string) => word('workbenchKind', kind),
    outcome: (outcome: string) => word('outcome', outcome),
    source: (source: string) => word('source', source),
    feedKind: (kind: string) => word('feedKind', kind),
    objectType: (type: string) => word('objectType', type),
    summaryField: (key: SummaryFieldKey) => t(`exchange.object.fields.${key}`),
    /** A summary value as a person reads it: times in their zone, our vocabularies in their language. */
    summaryValue: (key: SummaryFieldKey, value: string) => {
      if (timeKeys.has(key)) return formatDateTime(value, locale, me.timeZone);
      if (key === 'domains') {
        return value
          .split(', ')
          .map((domain) => t(`incidents.labels.domain.${domain}`, { defaultValue: domain }))
          .join(', ');
      }
      if (key === 'severity') {
        return `${value} – ${t(`incidents.labels.severity.${value}`, { defaultValue: value })}`;
      }
      if (key === 'category') return categoryByKey.get(value)?.label[locale] ?? value;
      if (key === 'relationship') return word('relationshipType', value);
      return value;
    },
  };
};
export type ExchangeWords = ReturnType<typeof useExchangeWords>;

export const releaseTone = (status: ReleaseStatus) =>
  status === 'released'
    ? 'positive'
    : status === 'pending'
      ? 'warning'
      : status === 'held'
        ? 'negative'
        : 'neutral';

export const workbenchTone = (status: WorkbenchStatus) =>
  status === 'pending'
    ? 'warning'
    : status === 'rejected'
      ? 'negative'
      : status === 'superseded'
        ? 'neutral'
        : 'positive';

export const outcomeTone = (outcome: string) =>
  outcome === 'invalid'
    ? 'negative'
    : outcome === 'created' || outcome === 'updated' || outcome === 'imported'
      ? 'positive'
      : 'neutral';
