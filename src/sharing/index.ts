/** The anonymised export for the programme office: its only public surface (routes.ts is registered by the API). */
export { CryptoPan } from './crypto-pan.js';
export { runShareExport } from './export.js';
export {
  DEFAULT_K,
  formatOfFile,
  MAX_K,
  MIN_K,
  SHARE_BUCKETS,
  SHARE_FORMATS,
  SHARE_LEVELS,
  type ShareBucket,
  ShareError,
  type ShareExportOptions,
  type ShareExportSummary,
  type ShareFormat,
  type ShareLevel,
} from './model.js';
export { deriveKeys, pseudonym, type ShareKeys } from './pseudonym.js';
export { defaultSecretPath, EXPORT_SECRET_ENV, type LoadedSecret, loadExportSecret } from './secret.js';
