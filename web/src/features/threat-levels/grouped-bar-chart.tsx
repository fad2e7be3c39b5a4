import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export interface BarSeries {
  name: string;
  colour: string;
  values: (number | null)[];
}

/**
 * Bars per category, one series each. Decal patterns tell the series apart without colour. The
 * chart is a picture for sighted users; its label says where the same figures are as a table.
 */
export const GroupedBarChart = ({
  categories,
  series,
  label,
  max,
}: {
  categories: string[];
  series: BarSeries[];
  label: string;
  max?: number;
}) => {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return undefined;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      // Patterns only: the element's own label points to the table with the same figures.
      aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 60, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: categories,
        axisLabel: { interval: 0, width: 110, overflow: 'break' },
      },
      yAxis: { type: 'value', minInterval: 1, ...(max ? { max } : {}) },
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.values,
        itemStyle: { color: s.colour },
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [categories, series, max]);
  return <div ref={element} className="overview-chart" role="img" aria-label={label} />;
};
