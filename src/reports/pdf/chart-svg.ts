/**
 * Server-side chart rendering: the portal's own chart definitions (src/charts) drawn by
 * ECharts' SVG renderer without a DOM, then placed in the PDF as vectors.
 */
import * as echarts from 'echarts';

export interface SvgSize {
  width: number;
  height: number;
}

/** Renders one ECharts option to an SVG string (no animation, the report's font). */
export function renderChartSvg(option: echarts.EChartsCoreOption, size: SvgSize): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    chart.setOption({
      ...option,
      animation: false,
      textStyle: { fontFamily: 'Noto Sans JP', ...((option.textStyle as object | undefined) ?? {}) },
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
