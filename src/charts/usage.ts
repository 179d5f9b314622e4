/** What the UTM cannot see: the share of outbound traffic that is encrypted. */
import { fmtPercent } from './format.js';
import type { ChartContext } from './labels.js';
import type { ChartSpec } from './types.js';

/**
 * Encrypted versus plain outbound traffic as a doughnut. `share` is the encrypted ratio (0…1),
 * `VisibilityAnswer.encryptedShare` / `VisibilityView.encryptedShare` when it is not null.
 */
export function encryptedShareChart(share: number, { lang, labels }: ChartContext): ChartSpec {
  const ratio = Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0));
  const enc = Math.round(ratio * 1000) / 10;
  const plain = Math.round((100 - enc) * 10) / 10;
  return {
    option: {
      color: ['#7b8794', '#2563a8'],
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}: {d}%' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '45%'],
          label: { formatter: '{d}%' },
          data: [
            { name: labels.encryptedPart, value: enc },
            { name: labels.plainPart, value: plain },
          ],
        },
      ],
    },
    table: {
      columns: [labels.traffic, labels.share],
      rows: [
        [labels.encryptedPart, `${fmtPercent(ratio, lang, 1)}%`],
        [labels.plainPart, `${fmtPercent(1 - ratio, lang, 1)}%`],
      ],
    },
  };
}
