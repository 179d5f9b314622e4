/**
 * The operator API token until users and roles exist: random, created on first start
 * in DATA/admin-token (mode 0600, readable by the service account only).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function adminTokenPath(dataDir: string): string {
  return join(dataDir, 'admin-token');
}

export function loadOrCreateAdminToken(dataDir: string): string {
  return loadOrCreateSecretFile(
    adminTokenPath(dataDir),
    () => 'ota_' + randomBytes(32).toString('base64url'),
  );
}

/** The key that encrypts secrets at rest in the state database (DATA/secret-key, 0600). */
export function loadOrCreateSecretKey(dataDir: string): Buffer {
  const text = loadOrCreateSecretFile(join(dataDir, 'secret-key'), () =>
    randomBytes(32).toString('base64url'),
  );
  return Buffer.from(text, 'base64url');
}

/** Reads a secret of at least 32 characters from `path`, or writes a new one made by `make`. */
function loadOrCreateSecretFile(path: string, make: () => string): string {
  mkdirSync(dirname(path), { recursive: true });
  try {
    const token = readFileSync(path, 'utf8').trim();
    if (token.length >= 32) {
      // Someone may have copied the file with wider permissions; a secret stays private.
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
      return token;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const token = make();
  // 'w' after a too-short file, mode applies on creation; chmod covers the rewrite case.
  writeFileSync(path, token + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
  return token;
}
