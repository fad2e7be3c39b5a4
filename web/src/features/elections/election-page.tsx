import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can } from '../../../../shared/access/roles.js';
import { phaseStatus } from '../../../../shared/elections/current-phase.js';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { StatusBadge } from '../../components/status-badge.js';
import { ThreatLevelPanel } from '../../components/threat-level-panel.js';
import { localisedName } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { useSignedInUser } from '../../lib/session.js';
import { formatDay, formatSpan, useElectionWords } from './election-words.js';
import { electionsApi, type Election, type ElectionPhase } from './elections-api.js';
import { PhaseAdjustDialog } from './phase-adjust-dialog.js';
import '../../components/data-table.css';
import './elections.css';

const statusTone = { official: 'positive', computed: 'neutral', adjusted: 'warning' } as const;

const PhaseTable = ({
  election,
  today,
  onAdjust,
}: {
  election: Election;
  today: string;
  onAdjust: ((phase: ElectionPhase) => void) | null;
}) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const words = useElectionWords();
  const status = phaseStatus(election.phases, today, election.electionDay);
  const currentKeys = new Set(status.current.map((p) => p.key));
  // The "today" line goes before the first phase that starts later, unless a phase is under way.
  const todayBefore =
    status.current.length === 0 ? (election.phases.find((p) => p.startsOn > today)?.key ?? null) : null;
  const columns = onAdjust ? 5 : 4;
  const todayRow = (
    <tr className="phase-table__today">
      <td colSpan={columns}>{t('elections.phases.todayLine', { date: formatDay(today, locale, true) })}</td>
    </tr>
  );
  return (
    <div className="table-wrap" role="region" aria-labelledby="phase-caption" tabIndex={0}>
      <table className="table phase-table">
        <caption id="phase-caption" className="table__caption">
          {t('elections.phases.caption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('elections.phases.phase')}</th>
            <th scope="col">{t('elections.phases.dates')}</th>
            <th scope="col">{t('elections.phases.time')}</th>
            <th scope="col">{t('elections.phases.status')}</th>
            {onAdjust ? (
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {election.phases.map((phase) => {
            const current = status.current.find((p) => p.key === phase.key);
            const label = phase.label[locale];
            return (
              <Fragment key={phase.key}>
                {todayBefore === phase.key ? todayRow : null}
                <tr
                  data-current={currentKeys.has(phase.key) || undefined}
                  data-past={phase.endsOn < today || undefined}
                  aria-current={current ? 'date' : undefined}
                >
                  <th scope="row" className="cell--wrap">
                    {label}
                    {current ? (
                      <span className="phase-table__note">
                        <StatusBadge tone="warning">{t('elections.phases.now')}</StatusBadge>{' '}
                        {words.currentPhase(election, current)}
                      </span>
                    ) : null}
                  </th>
                  <td>{formatSpan(phase.startsOn, phase.endsOn, locale)}</td>
                  <td>{phase.timeOfDay ?? '—'}</td>
                  <td>
                    <StatusBadge tone={statusTone[phase.status]}>
                      {t(`elections.phaseStatus.${phase.status}`)}
                    </StatusBadge>
                    {phase.source ? (
                      <a className="phase-table__note" href={phase.source} rel="noreferrer" target="_blank">
                        {t('elections.phases.source')}
                        <span className="visually-hidden">: {label}</span>
                      </a>
                    ) : null}
                  </td>
                  {onAdjust ? (
                    <td className="cell--actions">
                      <Button
                        size="small"
                        onPress={() => onAdjust(phase)}
                        aria-label={t('elections.adjust.openNamed', { phase: label })}
                      >
                        {t('elections.adjust.open')}
                      </Button>
                    </td>
                  ) : null}
                </tr>
              </Fragment>
            );
          })}
          {status.stage === 'after' ? todayRow : null}
        </tbody>
      </table>
    </div>
  );
};

export const ElectionPage = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const words = useElectionWords();
  const { id = '' } = useParams();
  const election = useQuery({ queryKey: ['elections', 'one', id], queryFn: () => electionsApi.get(id) });
  const [adjusting, setAdjusting] = useState<ElectionPhase | null>(null);
  const now = new Date();

  if (election.isPending) return <Loading />;
  if (!election.data)
    return (
      <>
        <PageHeader title={t('elections.title')} />
        <ErrorBanner error={election.error} />
        <p>
          <Link to="/elections">{t('elections.backToList')}</Link>
        </p>
      </>
    );
  const data = election.data;
  const status = phaseStatus(data.phases, now, data.electionDay);
  return (
    <>
      <p>
        <Link to="/elections">{t('elections.backToList')}</Link>
      </p>
      <PageHeader
        title={localisedName(data.name, locale)}
        description={t('elections.pageLead', {
          type: t(`elections.types.${data.type}`),
          date: formatDay(data.electionDay, locale, true),
        })}
      />
      <Banner
        tone={status.current.length > 0 ? 'warning' : 'info'}
        live={false}
        title={t('elections.statusTitle')}
      >
        <p className="election-status">{words.status(data, status).join(' · ')}</p>
      </Banner>
      <ThreatLevelPanel electionId={data.id} />
      <PhaseTable
        election={data}
        today={status.today}
        onAdjust={can(me, 'election.manage') ? setAdjusting : null}
      />
      <p className="muted">{t('elections.phases.timeZoneNote')}</p>
      <PhaseAdjustDialog election={data} phase={adjusting} onClose={() => setAdjusting(null)} />
    </>
  );
};
