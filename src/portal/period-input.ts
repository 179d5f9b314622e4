/** The API's period input: ISO-8601 instants, or bare dates read on the Tokyo calendar. */
import { z } from 'zod';
import { tokyoMidnight } from './period.js';

/**
 * An ISO-8601 instant; a bare date (2026-01-01) means midnight in Tokyo, the calendar
 * the portal's users live in.
 */
export const instant = z
  .string()
  .max(40)
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)),
    {
      message: 'not an ISO-8601 date/time (e.g. 2026-01-31T15:00:00Z)',
    },
  )
  .transform((v) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      const [y, m, d] = v.split('-').map(Number);
      return tokyoMidnight(y, m, d);
    }
    return Date.parse(v);
  });
