import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SituationBucket } from '../../../../shared/contracts/situation.js';
import { localeTags, useLocale } from '../../lib/i18n.js';
import { domainColours, palettes, type Tone } from './chart-palette.js';
import { ChartSection } from './chart-section.js';
import { keyPhases } from './phase-words.js';
import type { Situation } from './situation-api.js';
import { useEChart } from './use-echart.js';

type Timeline = Situation['timeline'];

export const useBucketFormat = (bucket: SituationBucket, timeZone: string) => {
  const locale = useLocale();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(localeTags[locale], {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'numeric',
      ...(bucket === 'hour' ? { hour: '2-digit', minute: '2-digit' } : {}),
    });
    return (iso: string | number) => format.format(new Date(iso));
  }, [bucket, locale, timeZone]);
};

export interface TimelineChartProps {
  timeline: Timeline;
  timeZone: string;
  tone?: Tone;
  headingLevel?: 2 | 3;
  actions?: React.ReactNode;
}

/**
 * Incidents created per hour or day, stacked by domain, over the election's phases (background
 * bands) with the threat-level changes as lines in the colour of their domain.
 */
export const TimelineChart = ({
  timeline,
  timeZone,
  tone = 'light',
  headingLevel = 2,
  actions,
}: TimelineChartProps) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const formatBucket = useBucketFormat(timeline.bucket, timeZone);
  const palette = palettes[tone];
  const large = tone === 'dark';
  const domainName = (domain: string) => t(`situation.domains.${domain}`);

  const option = useMemo((): EChartsCoreOption => {
    const bands = timeline.phases.filter((phase) => keyPhases.includes(phase.key));
    const times = timeline.buckets.map((bucket) => Date.parse(bucket));
    return {
      animation: false,
      textStyle: { color: palette.text, fontSize: large ? 16 : 12 },
      grid: { left: 48, right: 24, top: large ? 64 : 48, bottom: 40 },
      legend: {
        top: 0,
        data: timeline.series.map((s) => domainName(s.domain)),
        textStyle: { color: palette.text, fontSize: large ? 18 : 12 },
      },
      tooltip: {
        trigger: 'axis',
        backgroundColor: palette.tooltip.background,
        textStyle: { color: palette.tooltip.text },
        valueFormatter: (value: unknown) => String(value ?? 0),
      },
      xAxis: {
        type: 'time',
        min: Date.parse(timeline.from),
        max: Date.parse(timeline.to),
        axisLabel: {
          color: palette.text,
          hideOverlap: true,
          formatter: (value: number) => formatBucket(value),
        },
        axisLine: { lineStyle: { color: palette.border } },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: palette.text },
        splitLine: { lineStyle: { color: palette.grid } },
      },
      series: [
        ...timeline.series.map((series) => ({
          type: 'bar',
          name: domainName(series.domain),
          stack: 'incidents',
          barMaxWidth: 28,
          itemStyle: { color: domainColours[tone][series.domain] },
          data: series.counts.map((count, index) => [times[index], count]),
          markLine: {
            symbol: ['none', 'circle'],
            lineStyle: { color: domainColours[tone][series.domain], type: 'dashed', width: 2 },
            label: { color: palette.text, fontSize: large ? 16 : 11, formatter: '{b}' },
            data: timeline.threatLevelChanges
              .filter((change) => change.domain === series.domain)
              .map((change) => ({
                name: t('situation.timeline.marker', { from: change.from ?? '–', to: change.to }),
                xAxis: Date.parse(change.at),
              })),
          },
        })),
        {
          // Carries the phase bands only, so that hiding a domain in the legend keeps them.
          type: 'line',
          name: 'phases',
          data: [],
          silent: true,
          markArea: {
            silent: true,
            label: {
              show: true,
              position: 'insideTopLeft',
              color: palette.muted,
              fontSize: large ? 14 : 10,
              overflow: 'truncate',
            },
            data: bands.map((phase, index) => [
              {
                name: phase.label[locale],
                xAxis: Date.parse(phase.startsAt),
                itemStyle: { color: palette.band[index % 2] },
              },
              { xAxis: Date.parse(phase.endsAt) },
            ]),
          },
        },
      ],
    };
    // domainName is t with a prefix; t changes with the language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [timeline, palette, large, tone, locale, t, formatBucket]);

  const { ref, failed } = useEChart(option);

  const totals = timeline.buckets.map((_, index) =>
    timeline.series.reduce((sum, series) => sum + (series.counts[index] ?? 0), 0),
  );
  const total = totals.reduce((sum, n) => sum + n, 0);
  const rows = timeline.buckets
    .map((bucket, index) => ({ bucket, index }))
    .filter((row) => totals[row.index]! > 0);
  const peak = rows.reduce<{ bucket: string; index: number } | null>(
    (best, row) => (best === null || totals[row.index]! > totals[best.index]! ? row : best),
    null,
  );
  const summary = t('situation.timeline.summary', {
    count: total,
    bucket: t(`situation.buckets.${timeline.bucket}`),
    peak: peak ? formatBucket(peak.bucket) : '–',
    peakCount: peak ? totals[peak.index] : 0,
    changes: timeline.threatLevelChanges.length,
  });

  return (
    <ChartSection
      id={`timeline-${tone}`}
      title={t('situation.timeline.title')}
      headingLevel={headingLevel}
      actions={actions}
      chart={
        failed ? (
          <p className="situation-chart__failed">{t('situation.chartFailed')}</p>
        ) : (
          <div
            ref={ref}
            className={`situation-timeline situation-timeline--${tone}`}
            role="img"
            aria-label={summary}
          />
        )
      }
      table={
        <>
          <table className="table">
            <caption className="table__caption">{t('situation.timeline.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(`situation.buckets.${timeline.bucket}`)}</th>
                {timeline.series.map((series) => (
                  <th key={series.domain} scope="col" className="cell--number">
                    {domainName(series.domain)}
                  </th>
                ))}
                <th scope="col" className="cell--number">
                  {t('situation.total')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={timeline.series.length + 2}>{t('situation.timeline.none')}</td>
                </tr>
              ) : (
                rows.map(({ bucket, index }) => (
                  <tr key={bucket}>
                    <th scope="row">{formatBucket(bucket)}</th>
                    {timeline.series.map((series) => (
                      <td key={series.domain} className="cell--number">
                        {series.counts[index] ?? 0}
                      </td>
                    ))}
                    <td className="cell--number">{totals[index]}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          <table className="table">
            <caption className="table__caption">{t('situation.timeline.changesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('situation.time')}</th>
                <th scope="col">{t('situation.domain')}</th>
                <th scope="col">{t('situation.threat.change')}</th>
              </tr>
            </thead>
            <tbody>
              {timeline.threatLevelChanges.length === 0 ? (
                <tr>
                  <td colSpan={3}>{t('situation.timeline.noChanges')}</td>
                </tr>
              ) : (
                timeline.threatLevelChanges.map((change) => (
                  <tr key={`${change.at}-${change.domain}`}>
                    <th scope="row">{formatBucket(change.at)}</th>
                    <td>{domainName(change.domain)}</td>
                    <td>{t('situation.timeline.marker', { from: change.from ?? '–', to: change.to })}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </>
      }
    />
  );
};
