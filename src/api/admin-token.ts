/**
 * The operator API token until users and roles exist: random, created on first start
 * in DATA/admin-token (mode 0600, readable by the service account only).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function adminTokenPath(dataDir: string): string {
  return join(dataDir, 'admin-token');
}

export function loadOrCreateAdminToken(dataDir: string): string {
  const path = adminTokenPath(dataDir);
  mkdirSync(dataDir, { recursive: true });
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
  const token = 'ota_' + randomBytes(32).toString('base64url');
  // 'w' after a too-short file, mode applies on creation; chmod covers the rewrite case.
  writeFileSync(path, token + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
  return token;
}
