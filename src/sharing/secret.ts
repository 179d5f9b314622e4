/**
 * The export secret: the key of the pseudonyms and of the IP anonymisation. It stays
 * with the provider (never in an export, never logged); losing it means new pseudonyms
 * in every later export, so it lives in its own file to back up.
 *
 * Where it comes from, first match wins: an explicit file (`--secret-file`), the
 * environment (OTASUKE_EXPORT_SECRET), or DATA/secrets/export.key — created on first use
 * with 32 random bytes (base64url text), mode 0600 in a 0700 folder.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ShareError } from './model.js';

export const EXPORT_SECRET_ENV = 'OTASUKE_EXPORT_SECRET';
/** A secret shorter than this is refused: it could be guessed, and every pseudonym with it. */
export const MIN_SECRET_CHARS = 32;

export function defaultSecretPath(dataDir: string): string {
  return join(dataDir, 'secrets', 'export.key');
}

export interface LoadedSecret {
  secret: Buffer;
  /** Where it came from (for the summary; never the secret itself). */
  source: 'file' | 'env' | 'created';
  file: string | null;
}

function checked(text: string, where: string): Buffer {
  const t = text.trim();
  if (t.length < MIN_SECRET_CHARS)
    throw new ShareError(
      'secret-too-short',
      `${where}: the export secret must be at least ${MIN_SECRET_CHARS} characters`,
    );
  return Buffer.from(t, 'utf8');
}

function readSecretFile(file: string): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new ShareError(
        'secret-missing',
        `no export secret at ${file} (give the file the earlier exports used)`,
      );
    throw new ShareError('secret-unreadable', `cannot read the export secret ${file}: ${code ?? 'error'}`);
  }
  // someone may have copied it with wider permissions; a secret stays private
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return checked(text, file);
}

export function loadExportSecret(opts: {
  dataDir: string;
  secretFile?: string;
  env?: NodeJS.ProcessEnv;
}): LoadedSecret {
  if (opts.secretFile)
    return { secret: readSecretFile(opts.secretFile), source: 'file', file: opts.secretFile };
  const fromEnv = (opts.env ?? process.env)[EXPORT_SECRET_ENV];
  if (fromEnv !== undefined && fromEnv !== '')
    return { secret: checked(fromEnv, EXPORT_SECRET_ENV), source: 'env', file: null };
  const file = defaultSecretPath(opts.dataDir);
  try {
    return { secret: readSecretFile(file), source: 'file', file };
  } catch (e) {
    if (!(e instanceof ShareError) || e.code !== 'secret-missing') throw e;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const text = randomBytes(32).toString('base64url');
  // Written aside and linked into place: two exports starting at once end up with one
  // secret, and nobody ever reads a half-written file.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${text}\n`, { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      return { secret: readSecretFile(file), source: 'file', file };
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
  return { secret: checked(text, file), source: 'created', file };
}
