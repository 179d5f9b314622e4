/** The export's choices and their bounds: no imports, so the web page shares them with the server. */
export const SHARE_LEVELS = ['events', 'aggregate'] as const;
export type ShareLevel = (typeof SHARE_LEVELS)[number];
export const SHARE_FORMATS = ['csv', 'parquet'] as const;
export const SHARE_BUCKETS = ['day', 'month'] as const;
export type ShareBucket = (typeof SHARE_BUCKETS)[number];

/** The minimum group size: a cell or a domain of fewer companies than this is withheld. */
export const DEFAULT_K = 5;
/** k = 1 would withhold nothing. */
export const MIN_K = 2;
export const MAX_K = 1000;
