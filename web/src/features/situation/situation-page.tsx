import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import type { SituationMapLevel, SituationBucket } from '../../../../shared/contracts/situation.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { SelectField } from '../../components/select-field.js';
import { localisedName } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { useSignedInUser } from '../../lib/session.js';
import { Segmented } from './chart-section.js';
import { CountsPanel } from './counts-panel.js';
import { PhaseBar } from './phase-bar.js';
import { pickElection } from './phase-words.js';
import { situationApi, situationKeys, type Situation } from './situation-api.js';
import { registeredMapQuery, SituationMap } from './situation-map.js';
import {
  defaultSince,
  parseSituationSearch,
  situationSearchToParams,
  type SituationSearch,
} from './situation-search.js';
import { ThreatLevelsSlot } from './threat-levels-slot.js';
import { TimelineChart } from './timeline-chart.js';
import { useAreaNames, useElections, useSituation, useUpdatedAt } from './use-situation.js';
import { WhatChanged } from './what-changed.js';
import '../../components/button.css';
import '../../components/data-table.css';
import '../../components/fields.css';
import './situation.css';

/** /situation: the picture of the current or next election (the latest, when all are over). */
export const SituationIndexPage = () => {
  const { t } = useTranslation();
  const elections = useElections();
  const queryClient = useQueryClient();
  useEffect(() => {
    void queryClient.prefetchQuery(registeredMapQuery(parseSituationSearch(new URLSearchParams()).mapLevel));
  }, [queryClient]);
  if (elections.isPending) return <Loading />;
  if (elections.error) return <ErrorBanner error={elections.error} />;
  const election = pickElection(elections.data.items, new Date());
  if (!election)
    return (
      <>
        <PageHeader title={t('situation.title')} />
        <EmptyState title={t('situation.noElections')} />
      </>
    );
  return <Navigate to={`/situation/${election.slug}`} replace />;
};

const ElectionSwitcher = ({ current }: { current: string }) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const elections = useElections();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  if (!elections.data) return null;
  const selected = elections.data.items.find((e) => e.slug === current || e.id === current);
  return (
    <SelectField
      label={t('situation.election')}
      size="wide"
      value={selected?.slug ?? null}
      options={elections.data.items.map((e) => ({ id: e.slug, label: localisedName(e.name, locale) }))}
      onChange={(slug) => {
        // Another election: the area and the levels carry over, the "since" time does not.
        const params = situationSearchToParams({ ...parseSituationSearch(search), since: null });
        navigate({ pathname: `/situation/${slug}`, search: params.toString() });
      }}
    />
  );
};

export const SituationPage = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const { electionId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const search = parseSituationSearch(params);
  const view = useMemo(
    () => ({ area: search.area, mapLevel: search.mapLevel, bucket: search.bucket }),
    [search.area, search.mapLevel, search.bucket],
  );
  const areaName = useAreaNames();
  const [openedAt] = useState(() => new Date());
  const queryClient = useQueryClient();

  // The map's boundaries and ECharts load while the picture is being computed, not after it.
  useEffect(() => {
    void queryClient.prefetchQuery(registeredMapQuery(search.mapLevel));
  }, [queryClient, search.mapLevel]);

  // "What changed" starts from the visit before this one. The first picture is asked for without
  // a time (the server starts from the previous visit) and this visit is recorded only after it,
  // so neither waits for the other; the time the server used is then kept, so that live refreshes
  // go on counting from it rather than from this visit.
  const pinned = useRef<{ electionId: string; since: string } | null>(null);
  const fallback = useRef<{ electionId: string; since: string } | null>(null);
  const visitSince = useMemo(
    () => ({
      key: 'visit',
      at: () =>
        (pinned.current?.electionId === electionId ? pinned.current.since : null) ??
        (fallback.current?.electionId === electionId ? fallback.current.since : null),
      answered: (result: Situation) => {
        if (pinned.current?.electionId === electionId || result.changes.sinceSource === 'query') return;
        pinned.current = { electionId, since: result.changes.since };
      },
    }),
    [electionId],
  );
  const situation = useSituation(electionId, view, search.since ?? visitSince);
  const loaded = situation.isSuccess && !situation.isPlaceholderData;
  const visit = useQuery({
    queryKey: situationKeys.visit(electionId),
    queryFn: async () => {
      const recorded = await situationApi.visit(electionId);
      fallback.current = { electionId, since: defaultSince(recorded.previousVisitedAt, openedAt) };
      return recorded;
    },
    enabled: loaded,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const updatedAt = useUpdatedAt(situation.dataUpdatedAt);

  const update = (change: Partial<SituationSearch>) =>
    setParams(situationSearchToParams({ ...search, ...change }), { replace: false });
  const selectArea = useCallback(
    (code: string) => {
      const next = parseSituationSearch(params);
      setParams(situationSearchToParams({ ...next, area: next.area === code ? null : code }));
    },
    [params, setParams],
  );

  if (situation.isPending) return <Loading />;
  if (!situation.data)
    return (
      <>
        <PageHeader title={t('situation.title')} />
        <ErrorBanner error={situation.error} />
        <p>
          <Link to="/elections">{t('situation.allElections')}</Link>
        </p>
      </>
    );

  const data = situation.data;
  const election = data.election;
  const levelOptions = (['municipality', 'electoral_district', 'wellbeing_county'] as const).map((id) => ({
    id,
    label: t(`situation.levels.${id}.other`),
  }));
  const bucketOptions = (['day', 'hour'] as const).map((id) => ({ id, label: t(`situation.buckets.${id}`) }));

  return (
    <div className="situation">
      <PageHeader
        title={t('situation.pageTitle', { election: localisedName(election.name, locale) })}
        description={t('situation.lead')}
        actions={
          <div className="situation-header-tools">
            <ElectionSwitcher current={electionId} />
            <Link className="button button--secondary" to={`/situation/${election.slug}/wall`}>
              {t('situation.wall.open')}
            </Link>
          </div>
        }
      />
      <PhaseBar election={election} />
      <div className="situation-filters" aria-live="polite">
        {search.area ? (
          <ul className="situation-chips" aria-label={t('situation.filters.label')}>
            <li className="situation-chip">
              <span>{t('situation.filters.area', { area: areaName(search.area) })}</span>
              <button
                type="button"
                className="situation-chip__remove"
                aria-label={t('situation.filters.remove', { area: areaName(search.area) })}
                onClick={() => update({ area: null })}
              >
                <span aria-hidden="true">✕</span>
              </button>
            </li>
          </ul>
        ) : (
          <p className="muted situation-filters__hint">{t('situation.filters.hint')}</p>
        )}
        <p className="muted situation-updated" role="status">
          {situation.isFetching ? t('situation.updating') : t('situation.updated', { time: updatedAt })}
        </p>
      </div>
      <div className="situation-grid">
        <ThreatLevelsSlot electionId={election.id} />
        <CountsPanel counts={data.counts} electionId={election.id} area={search.area} />
        <SituationMap
          map={data.map}
          areaName={areaName}
          selected={search.area}
          onSelect={selectArea}
          actions={
            <Segmented<SituationMapLevel>
              label={t('situation.map.levelLabel')}
              options={levelOptions}
              value={data.map.level}
              onChange={(mapLevel) => update({ mapLevel })}
            />
          }
        />
        <TimelineChart
          timeline={data.timeline}
          timeZone={me.timeZone}
          actions={
            <Segmented<SituationBucket>
              label={t('situation.timeline.bucketLabel')}
              options={bucketOptions}
              value={data.timeline.bucket}
              onChange={(bucket) => update({ bucket })}
            />
          }
        />
        <WhatChanged
          changes={data.changes}
          timeZone={me.timeZone}
          picked={search.since !== null}
          sinceNote={
            search.since !== null
              ? 'picked'
              : visit.data
                ? visit.data.previousVisitedAt
                  ? 'previousVisit'
                  : 'firstVisit'
                : data.changes.sinceSource === 'default'
                  ? 'firstVisit'
                  : 'previousVisit'
          }
          onPick={(iso) => update({ since: iso })}
          onReset={() => update({ since: null })}
        />
      </div>
    </div>
  );
};
