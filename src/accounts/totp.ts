/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps expect them: SHA-1,
 * 6 digits, 30-second steps; one step of clock drift either way is accepted.
 */
import { Secret, TOTP } from 'otpauth';

const PERIOD_S = 30;
const PARAMS = { algorithm: 'SHA1', digits: 6, period: PERIOD_S } as const;

/** A fresh 160-bit secret (RFC 4226's recommended length), base32 as apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUrl(secretBase32: string, login: string): string {
  return new TOTP({
    ...PARAMS,
    issuer: 'Otasuke',
    label: login,
    secret: Secret.fromBase32(secretBase32),
  }).toString();
}

/**
 * The time step a code belongs to when it is valid at `now` and newer than the last
 * accepted step (so an observed code cannot be replayed); null otherwise.
 */
export function acceptTotp(
  secretBase32: string,
  code: string,
  now: number,
  lastStep: number | null,
): number | null {
  let secret: Secret;
  try {
    secret = Secret.fromBase32(secretBase32);
  } catch {
    return null;
  }
  const delta = TOTP.validate({ ...PARAMS, token: code, secret, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = TOTP.counter({ period: PERIOD_S, timestamp: now }) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}
