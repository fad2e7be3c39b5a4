import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

type EChartsModule = typeof import('./echarts-setup.js');
type Chart = ReturnType<EChartsModule['echarts']['init']>;

let loading: Promise<EChartsModule> | undefined;

/** ECharts arrives on first use, in a chunk of its own, and only once per page. */
export const loadECharts = (): Promise<EChartsModule> => {
  loading ??= import('./echarts-setup.js').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
};

const hasSize = (element: HTMLElement) => element.clientWidth > 0 && element.clientHeight > 0;

const draw = (chart: Chart, element: HTMLElement, option: EChartsCoreOption) => {
  element.dataset.chartState = 'drawing';
  chart.setOption(option, { notMerge: true });
};

export interface ChartClick {
  name: string;
  componentType: string;
  seriesType?: string;
}

/**
 * A chart in the returned element: initialised once ECharts has loaded, given `option` whenever it
 * changes (null: not yet), resized with its box. The element gets `data-chart-state="rendered"`
 * when a drawing with data has finished, which the map benchmark and the journeys wait for.
 */
export const useEChart = (
  option: EChartsCoreOption | null,
  onClick?: (click: ChartClick) => void,
): { ref: React.RefObject<HTMLDivElement | null>; failed: boolean } => {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<Chart | null>(null);
  const clickRef = useRef(onClick);
  /** An option that arrived while the box had no size (a panel being swapped): drawn once it has one. */
  const pendingRef = useRef<EChartsCoreOption | null>(null);
  const [module, setModule] = useState<EChartsModule | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    clickRef.current = onClick;
  }, [onClick]);

  useEffect(() => {
    let live = true;
    loadECharts().then(
      (loaded) => {
        if (live) setModule(loaded);
      },
      () => {
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    const element = ref.current;
    if (!module || !element) return undefined;
    const chart = module.echarts.init(element, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.on('click', (params) => clickRef.current?.(params as unknown as ChartClick));
    chart.on('finished', () => {
      if (element.dataset.chartState === 'drawing') element.dataset.chartState = 'rendered';
    });
    // ECharts lays a grid or a map out from its box: in a box of no size (a wall-screen panel being
    // swapped) that layout fails, so nothing is drawn or resized until the box has a size again.
    const observer = new ResizeObserver(() => {
      if (!hasSize(element)) return;
      const pending = pendingRef.current;
      pendingRef.current = null;
      if (pending) draw(chart, element, pending);
      else chart.resize();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, [module]);

  useEffect(() => {
    const chart = chartRef.current;
    const element = ref.current;
    if (!chart || !element || !option) return;
    if (hasSize(element)) {
      pendingRef.current = null;
      draw(chart, element, option);
    } else {
      pendingRef.current = option;
    }
  }, [module, option]);

  return { ref, failed };
};
