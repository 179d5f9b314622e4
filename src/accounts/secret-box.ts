/**
 * Encryption at rest for the TOTP secrets in the state database (AES-256-GCM). A copy
 * of state.sqlite or a database dump then does not hand out everyone's second factor;
 * the key lives in DATA/secret-key, outside the database.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'v1:';

export interface SecretBox {
  seal(plain: string): string;
  /** Values stored before encryption (no prefix) come back as they are. */
  open(sealed: string): string;
}

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
    },
    open(sealed) {
      if (!sealed.startsWith(PREFIX)) return sealed;
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

/** A key derived from another secret (tests and setups without DATA/secret-key). */
export function deriveKey(secret: string): Buffer {
  return createHash('sha256').update(`otasuke secret-box\u0000${secret}`, 'utf8').digest();
}
