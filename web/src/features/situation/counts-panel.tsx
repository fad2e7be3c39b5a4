import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { IncidentDomain } from '../../../../shared/contracts/incident-enums.js';
import type { Situation } from './situation-api.js';
import { incidentListHref, type CountField } from './situation-search.js';

const groups: { field: CountField; labelKey: (value: string) => string }[] = [
  { field: 'domain', labelKey: (value) => `situation.domains.${value}` },
  { field: 'status', labelKey: (value) => `situation.statuses.${value}` },
  { field: 'severity', labelKey: (value) => `situation.severities.${value}` },
  { field: 'impactOnConduct', labelKey: (value) => `situation.impacts.${value}` },
  { field: 'impactOnConfidence', labelKey: (value) => `situation.impacts.${value}` },
];

/**
 * The numbers of the picture, each a link to the incident list filtered to what it counts (and to
 * the area chosen on the map). They are a table already, so they need no other alternative.
 */
export const CountsPanel = ({
  counts,
  electionId,
  area,
  domain,
  headingLevel = 2,
  linked = true,
}: {
  counts: Situation['counts'];
  electionId: string;
  area: string | null;
  domain?: IncidentDomain | null;
  headingLevel?: 2 | 3;
  linked?: boolean;
}) => {
  const { t } = useTranslation();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const SubHeading = headingLevel === 2 ? 'h3' : 'h4';
  const filters = { area, domain };
  return (
    <section className="situation-panel" aria-labelledby="counts-heading">
      <div className="situation-panel__head">
        <Heading id="counts-heading" className="situation-panel__title">
          {t('situation.counts.title')}
        </Heading>
        {linked ? (
          <Link className="situation-total" to={incidentListHref(electionId, filters)}>
            {t('situation.counts.total', { count: counts.total })}
          </Link>
        ) : (
          <span className="situation-total">{t('situation.counts.total', { count: counts.total })}</span>
        )}
      </div>
      <div className="situation-counts">
        {groups.map(({ field, labelKey }) => (
          <div key={field} className="situation-counts__group">
            <SubHeading className="situation-counts__title" id={`counts-${field}`}>
              {t(`situation.counts.${field}`)}
            </SubHeading>
            <ul className="situation-counts__list" aria-labelledby={`counts-${field}`}>
              {counts[field].map(({ value, count }) => {
                const label = t(labelKey(value), { defaultValue: value });
                const text = (
                  <>
                    <span className="situation-counts__label">{label}</span>
                    <span className="situation-counts__count">{count}</span>
                  </>
                );
                return (
                  <li key={value} data-zero={count === 0 || undefined}>
                    {linked ? (
                      <Link
                        className="situation-counts__link"
                        to={incidentListHref(electionId, filters, field, value)}
                        aria-label={t('situation.counts.linkLabel', { label, count })}
                      >
                        {text}
                      </Link>
                    ) : (
                      <span className="situation-counts__link">{text}</span>
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
};
