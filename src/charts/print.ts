/**
 * The same option sized for paper: a report figure is about 500×240 pt, so the browser's
 * 12 px text is large there. Smaller text everywhere, compact legends, no animation, no
 * tooltip (paper has no pointer). Pure: returns a new option, the input is left unchanged.
 */
import { BASE_OPTION } from './theme.js';
import type { ChartOption } from './types.js';

export interface PrintOptions {
  /** Body text size in pt (default 8); titles get one more. */
  fontSize?: number;
  /** The font embedded in the PDF (e.g. 'Noto Sans JP'). */
  fontFamily?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const each = (v: unknown, f: (o: Obj) => Obj): unknown =>
  Array.isArray(v) ? v.map((x) => (isObj(x) ? f(x) : x)) : isObj(v) ? f(v) : v;
const lineHeight = (fontSize: number) => Math.round(fontSize * 1.25);
const sized = (style: unknown, fontSize: number): Obj => ({ ...(isObj(style) ? style : {}), fontSize });

export function forPrint(option: ChartOption, { fontSize = 8, fontFamily }: PrintOptions = {}): ChartOption {
  const o = option as Obj;
  const base = BASE_OPTION.textStyle as Obj;
  const axis = (a: Obj): Obj => ({
    ...a,
    axisLabel: sized(a.axisLabel, fontSize),
    nameTextStyle: sized(a.nameTextStyle, fontSize),
  });
  const out: Obj = {
    ...o,
    animation: false,
    textStyle: {
      ...base,
      ...(isObj(o.textStyle) ? o.textStyle : {}),
      fontSize,
      ...(fontFamily ? { fontFamily } : {}),
    },
    tooltip: { ...(isObj(o.tooltip) ? o.tooltip : {}), show: false },
  };
  if ('xAxis' in o) out.xAxis = each(o.xAxis, axis);
  if ('yAxis' in o) out.yAxis = each(o.yAxis, axis);
  if ('legend' in o)
    out.legend = each(o.legend, (l) => ({
      ...l,
      textStyle: sized(l.textStyle, fontSize),
      itemWidth: 12,
      itemHeight: 8,
      itemGap: 8,
    }));
  if ('title' in o)
    out.title = each(o.title, (t) => {
      const ts = isObj(t.textStyle) ? t.textStyle : {};
      return {
        ...t,
        textStyle: {
          ...ts,
          fontSize: fontSize + 1,
          ...(typeof ts.lineHeight === 'number' ? { lineHeight: lineHeight(fontSize + 1) } : {}),
          ...(typeof ts.lineHeight === 'number' && typeof ts.height === 'number'
            ? { height: lineHeight(fontSize + 1) * Math.round(ts.height / ts.lineHeight) }
            : {}),
        },
      };
    });
  if ('series' in o)
    out.series = each(o.series, (s) => ({
      ...s,
      // A white halo behind labels is drawn with paint-order, which PDF converters ignore:
      // the halo would then cover the text.
      label: { ...sized(s.label, fontSize), textBorderColor: 'none', textBorderWidth: 0 },
      ...(s.type === 'pie'
        ? { labelLine: { length: 6, length2: 6, ...(isObj(s.labelLine) ? s.labelLine : {}) } }
        : {}),
    }));
  return out as ChartOption;
}
