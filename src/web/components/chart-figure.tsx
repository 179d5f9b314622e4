/** A chart with its title, help text, and the same numbers as a table behind a visible toggle. */
import { type ReactNode, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChartContext } from '../../charts/labels.js';
import type { ChartTable } from '../../charts/types.js';
import { currentLang } from '../i18n/index.js';
import { type ChartOption, EChart } from './chart.js';

export type FigureTable = ChartTable;

/**
 * The chart builders' words from the portal catalog, so charts keep their i18n keys. Item and
 * channel names come from the portal content when the page has it (useTexts), else the catalog.
 */
export function useChartContext(names?: {
  itemName: (id: string) => string;
  channelName: (id: string) => string;
}): ChartContext {
  const { t } = useTranslation();
  const lang = currentLang();
  const itemName = names?.itemName;
  const channelName = names?.channelName;
  return useMemo(
    () => ({
      lang,
      labels: {
        itemName: itemName ?? ((id) => t(`items.${id}`, { defaultValue: id })),
        channelName: channelName ?? ((id) => t(`virus.channels.${id}`, { defaultValue: id })),
        deskCategoryName: (c) => t(`desk.categories.${c}`),
        deskChannelName: (c) => t(`desk.channels.${c}`),
        date: t('dashboard.date'),
        total: t('dashboard.total'),
        count: t('stats.count'),
        item: t('events.item'),
        month: t('stats.month'),
        channel: t('virus.channel'),
        cumulative: t('virus.cumulative'),
        share: t('virus.share'),
        family: t('virus.family'),
        unknownFamily: t('virus.unknownFamily'),
        traffic: t('visibility.traffic'),
        encryptedPart: t('visibility.encryptedPart'),
        plainPart: t('visibility.plainPart'),
        deskCategory: t('case.category'),
        deskChannel: t('case.channel'),
      },
    }),
    [lang, t, itemName, channelName],
  );
}

export function ChartFigure(props: {
  title: string;
  help?: ReactNode;
  option: ChartOption;
  label: string;
  table: FigureTable;
  height?: number;
  empty?: string | null;
}) {
  const { t } = useTranslation();
  const [showTable, setShowTable] = useState(false);
  const id = useId();
  return (
    <figure className="figure">
      <figcaption>
        <h3 className="figure-title">{props.title}</h3>
        {props.help ? <p className="help">{props.help}</p> : null}
      </figcaption>
      {props.empty ? <p className="empty">{props.empty}</p> : null}
      <EChart option={props.option} label={props.label} height={props.height} />
      <button
        type="button"
        className="link-button"
        aria-expanded={showTable}
        aria-controls={id}
        onClick={() => setShowTable((v) => !v)}
      >
        {showTable ? t('dashboard.hideTable') : t('dashboard.showTable')}
      </button>
      <div id={id} hidden={!showTable} className="table-wrap">
        <table className="data">
          <caption className="sr-only">{props.title}</caption>
          <thead>
            <tr>
              {props.table.columns.map((c, i) => (
                <th key={c} scope="col" className={i > 0 ? 'num' : undefined}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.table.rows.map((r) => (
              <tr key={String(r[0])}>
                {r.map((v, i) =>
                  i === 0 ? (
                    <th key={props.table.columns[i]} scope="row">
                      {v}
                    </th>
                  ) : (
                    <td key={props.table.columns[i]} className="num">
                      {typeof v === 'number' ? v.toLocaleString() : v}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
