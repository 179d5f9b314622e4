/** The portal's chart look, shared by the canvas charts in the browser and the SVG charts in PDFs. */
import type { ChartOption } from './types.js';

export const PALETTE = [
  '#2563a8',
  '#d9822b',
  '#2f9e6e',
  '#8e5fb5',
  '#7b8794',
  '#c2453d',
  '#3fa7b5',
  '#b89a2e',
] as const;

/** The browser's font stack; the PDF passes the font it embeds instead. */
export const BROWSER_FONT =
  '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", system-ui, sans-serif';

/** Colours, font and the tooltip mode every chart starts from. */
export const BASE_OPTION: Readonly<ChartOption> = Object.freeze({
  color: [...PALETTE],
  textStyle: { fontFamily: BROWSER_FONT },
  // The tooltip is drawn inside the chart, never as HTML with inline styles (strict CSP).
  tooltip: { renderMode: 'richText' },
});

export interface ThemeOptions {
  /** false for server-side rendering (one frame, no transitions); true in the browser. */
  animation?: boolean;
  fontFamily?: string;
}

/** A builder's option on top of the base look; the builder's own keys win (e.g. its colours). */
export function withTheme(
  option: ChartOption,
  { animation = true, fontFamily = BROWSER_FONT }: ThemeOptions = {},
) {
  // Fresh objects each time: ECharts may keep references to what it is given.
  return {
    color: [...PALETTE],
    textStyle: { fontFamily },
    tooltip: { renderMode: 'richText' },
    ...(animation ? { animationDuration: 300 } : { animation: false }),
    ...option,
  } as ChartOption;
}

/** The colour of an entry in a fixed list, the same in every chart (a channel is always the same colour). */
export function colorOf<T>(list: readonly T[], value: T): string {
  const i = list.indexOf(value);
  return PALETTE[(i < 0 ? list.length : i) % PALETTE.length];
}
