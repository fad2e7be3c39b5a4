import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EChartsCoreOption } from 'echarts/core';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SituationMapLevel } from '../../../../shared/contracts/situation.js';
import { escapeHtml, palettes, type Tone } from './chart-palette.js';
import { ChartSection } from './chart-section.js';
import { situationApi, situationKeys, type Situation } from './situation-api.js';
import { useEChart, loadECharts, type ChartClick } from './use-echart.js';

const mapName = (level: SituationMapLevel) => `vaalivahti-${level}`;

/** The boundaries of a level, registered with ECharts; resolves to the area codes on the map. */
export const registeredMapQuery = (level: SituationMapLevel) =>
  queryOptions({
    queryKey: situationKeys.geo(level),
    queryFn: async ({ signal }) => {
      const [geo, { echarts }] = await Promise.all([situationApi.geo(level, signal), loadECharts()]);
      echarts.registerMap(mapName(level), geo as never);
      return geo.features.map((feature) => String(feature.properties.code));
    },
    staleTime: Infinity,
    gcTime: Infinity,
  });

export interface SituationMapProps {
  map: Situation['map'];
  areaName: (code: string) => string;
  selected: string | null;
  onSelect?: (code: string) => void;
  tone?: Tone;
  headingLevel?: 2 | 3;
  actions?: React.ReactNode;
}

/**
 * A choropleth of Finland drawn from the area boundaries (no tile server): darker where more of the
 * incidents the user may see are. Clicking an area filters the whole page to it; the table beneath
 * holds the same numbers, with the same filter as a button, for keyboards and screen readers.
 */
export const SituationMap = ({
  map,
  areaName,
  selected,
  onSelect,
  tone = 'light',
  headingLevel = 2,
  actions,
}: SituationMapProps) => {
  const { t } = useTranslation();
  const codes = useQuery(registeredMapQuery(map.level));
  const palette = palettes[tone];
  const ranked = useMemo(
    () =>
      Object.entries(map.counts)
        .filter(([, count]) => count > 0)
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b)),
    [map.counts],
  );

  const option = useMemo((): EChartsCoreOption | null => {
    if (!codes.data) return null;
    return {
      animation: false,
      tooltip: {
        trigger: 'item',
        backgroundColor: palette.tooltip.background,
        textStyle: { color: palette.tooltip.text },
        formatter: (params: { name: string; value?: number }) =>
          `${escapeHtml(areaName(params.name))}: ${Number.isFinite(params.value) ? params.value : 0}`,
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max: Math.max(1, map.max),
        inRange: { color: [...palette.scale] },
        text: [String(Math.max(1, map.max)), '0'],
        textStyle: { color: palette.text, fontSize: tone === 'dark' ? 18 : 12 },
        calculable: false,
        left: 0,
        bottom: 8,
        itemHeight: tone === 'dark' ? 200 : 120,
      },
      series: [
        {
          type: 'map',
          map: mapName(map.level),
          nameProperty: 'code',
          // Finland lies far north: shrink the longitude so that the shape looks as on a map.
          aspectScale: 0.5,
          layoutCenter: ['55%', '50%'],
          layoutSize: '95%',
          roam: false,
          selectedMode: false,
          label: { show: false },
          itemStyle: { borderColor: palette.border, borderWidth: 0.5, areaColor: palette.empty },
          emphasis: {
            label: { show: false },
            itemStyle: { areaColor: palette.selected, borderColor: palette.border },
          },
          data: codes.data.map((code) => ({
            name: code,
            value: map.counts[code] ?? 0,
            ...(code === selected
              ? { itemStyle: { borderColor: palette.selected, borderWidth: 3 } }
              : undefined),
          })),
        },
      ],
    };
  }, [codes.data, map, selected, areaName, palette, tone]);

  const handleClick = useCallback(
    (click: ChartClick) => {
      if (click.seriesType === 'map' && onSelect) onSelect(click.name);
    },
    [onSelect],
  );
  const { ref, failed } = useEChart(option, onSelect ? handleClick : undefined);

  const top = ranked[0];
  const summary =
    ranked.length === 0
      ? t('situation.map.summaryNone', { level: t(`situation.levels.${map.level}.other`) })
      : t('situation.map.summary', {
          count: ranked.length,
          level: t(`situation.levels.${map.level}.${ranked.length === 1 ? 'one' : 'other'}`),
          top: areaName(top![0]),
          topCount: top![1],
        });

  return (
    <ChartSection
      id={`map-${tone}`}
      title={t('situation.map.title', { level: t(`situation.levels.${map.level}.other`) })}
      headingLevel={headingLevel}
      actions={actions}
      chart={
        failed || codes.isError ? (
          <p className="situation-chart__failed">{t('situation.chartFailed')}</p>
        ) : (
          <div
            ref={ref}
            className={`situation-map situation-map--${tone}`}
            role="img"
            aria-label={summary}
            data-map-level={map.level}
          />
        )
      }
      note={
        map.withoutArea > 0 ? (
          <p className="muted">{t('situation.map.withoutArea', { count: map.withoutArea })}</p>
        ) : null
      }
      table={
        <table className="table">
          <caption className="table__caption">
            {t('situation.map.caption', { level: t(`situation.levels.${map.level}.other`) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t(`situation.levels.${map.level}.one`)}</th>
              <th scope="col" className="cell--number">
                {t('situation.incidents')}
              </th>
            </tr>
          </thead>
          <tbody>
            {ranked.length === 0 ? (
              <tr>
                <td colSpan={2}>{t('situation.map.none')}</td>
              </tr>
            ) : (
              ranked.map(([code, count]) => (
                <tr key={code} aria-current={code === selected || undefined}>
                  <th scope="row">
                    {onSelect ? (
                      <button
                        type="button"
                        className="situation-link-button"
                        aria-pressed={code === selected}
                        aria-label={t('situation.map.filterTo', { area: areaName(code) })}
                        onClick={() => onSelect(code)}
                      >
                        {areaName(code)}
                      </button>
                    ) : (
                      areaName(code)
                    )}
                  </th>
                  <td className="cell--number">{count}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      }
    />
  );
};
