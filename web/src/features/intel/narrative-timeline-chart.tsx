import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { NarrativeTimeline } from './intel-api.js';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/**
 * A bar per day or week. The chart is a picture for sighted users; its label says where the same
 * numbers are as a table, which screen readers and keyboard users read instead.
 */
export const NarrativeTimelineChart = ({
  points,
  label,
  formatStart,
}: {
  points: NarrativeTimeline['points'];
  label: string;
  formatStart: (start: string) => string;
}) => {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      grid: { left: 40, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: points.map((p) => formatStart(p.start)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: points.map((p) => p.count), itemStyle: { color: '#1d4f91' } }],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [points, formatStart]);
  return <div ref={element} className="narrative-chart" role="img" aria-label={label} />;
};
