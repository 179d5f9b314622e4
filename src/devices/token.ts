/** Per-device ingest tokens: shown once, stored only as a SHA-256 hash. */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'otk_';
const TOKEN_RE = /^otk_[A-Za-z0-9_-]{32}$/;

/** `otk_` + 32 base64url characters (24 random bytes = 192 bits). */
export function newIngestToken(): string {
  return TOKEN_PREFIX + randomBytes(24).toString('base64url');
}

export function looksLikeToken(s: string): boolean {
  return TOKEN_RE.test(s);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
