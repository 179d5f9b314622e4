/**
 * A small Apache ECharts wrapper: inits on mount, sets the option when it changes,
 * follows its box's size, disposes on unmount. Only the chart kinds the portal uses
 * are bundled (echarts/core, modular). The canvas is an image with an aria-label; the
 * same numbers are always available as a table next to it (ChartFigure). The options
 * themselves come from src/charts, the definitions the PDF reports draw too.
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { withTheme } from '../../charts/theme.js';
import type { ChartOption } from '../../charts/types.js';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  // Panel titles of the months-side-by-side chart (src/charts/report.ts).
  TitleComponent,
  TooltipComponent,
  AriaComponent,
  CanvasRenderer,
]);

export type { ChartOption } from '../../charts/types.js';

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
    // The base look with a short animation; the tooltip is drawn in the canvas (strict CSP).
    chart.current?.setOption(withTheme(option, { animation: true }), { notMerge: true });
  }, [option]);

  return <div ref={box} className="chart" role="img" aria-label={label} style={{ height }} />;
}
