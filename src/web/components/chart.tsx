/**
 * A small Apache ECharts wrapper: inits on mount, sets the option when it changes,
 * follows its box's size, disposes on unmount. Only the chart kinds the portal uses
 * are bundled (echarts/core, modular). The canvas is an image with an aria-label; the
 * same numbers are always available as a table next to it (ChartFigure).
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  AriaComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export const PALETTE = [
  '#2563a8',
  '#d9822b',
  '#2f9e6e',
  '#8e5fb5',
  '#7b8794',
  '#c2453d',
  '#3fa7b5',
  '#b89a2e',
];
const FONT = '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", system-ui, sans-serif';

export function EChart({
  option,
  label,
  height = 280,
}: {
  option: ChartOption;
  label: string;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, null, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        color: PALETTE,
        textStyle: { fontFamily: FONT },
        animationDuration: 300,
        // The tooltip is drawn in the canvas (no HTML with inline styles: strict CSP).
        tooltip: { renderMode: 'richText' },
        ...option,
      },
      { notMerge: true },
    );
  }, [option]);

  return <div ref={box} className="chart" role="img" aria-label={label} style={{ height }} />;
}
