/**
 * Keyed pseudonyms: HMAC-SHA256 under a key derived from the provider's export secret,
 * truncated to 64 bits of hex. Without the secret nobody can tell which company a
 * pseudonym stands for, or test a guess; with the same secret every export gives a
 * company the same pseudonym, so the programme office can follow it from month to month.
 */
import { createHmac } from 'node:crypto';
import { CryptoPan } from './crypto-pan.js';

/** What a pseudonym stands for; each kind has its own prefix and its own HMAC input space. */
export const PSEUDONYM_PREFIX = { company: 'c_', device: 'd_', rule: 'r_' } as const;
export type PseudonymKind = keyof typeof PSEUDONYM_PREFIX;

export interface ShareKeys {
  /** HMAC key of the pseudonyms. */
  pseudonym: Buffer;
  /** The 32-byte Crypto-PAn key of the IP addresses. */
  cryptoPan: Buffer;
}

/**
 * Two independent keys from the one secret (HMAC with a label per use), so a
 * pseudonym never reveals anything about the IP key or the other way round.
 */
export function deriveKeys(secret: Uint8Array): ShareKeys {
  const derive = (label: string) => createHmac('sha256', secret).update(label, 'utf8').digest();
  return {
    pseudonym: derive('otasuke/sharing/pseudonym/v1'),
    cryptoPan: derive('otasuke/sharing/crypto-pan/v1'),
  };
}

export function pseudonym(keys: ShareKeys, kind: PseudonymKind, value: string): string {
  const mac = createHmac('sha256', keys.pseudonym).update(`${kind}\u0000${value}`, 'utf8').digest('hex');
  return `${PSEUDONYM_PREFIX[kind]}${mac.slice(0, 16)}`;
}

export function cryptoPanOf(keys: ShareKeys): CryptoPan {
  return new CryptoPan(keys.cryptoPan);
}
