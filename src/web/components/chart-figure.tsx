/** A chart with its title, help text, and the same numbers as a table behind a visible toggle. */
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ChartOption, EChart } from './chart.js';

export interface FigureTable {
  columns: string[];
  rows: (string | number)[][];
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
