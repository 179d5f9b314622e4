import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShareError } from './model.js';
import { deriveKeys, pseudonym } from './pseudonym.js';
import { defaultSecretPath, EXPORT_SECRET_ENV, loadExportSecret } from './secret.js';

describe('export secret', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'otasuke-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is created on first use as 32 random bytes, private to the service account, and kept', () => {
    const first = loadExportSecret({ dataDir: dir, env: {} });
    expect(first.source).toBe('created');
    const file = defaultSecretPath(dir);
    expect(first.file).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets')).mode & 0o077).toBe(0);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url')).toHaveLength(32);
    const again = loadExportSecret({ dataDir: dir, env: {} });
    expect(again.source).toBe('file');
    expect(again.secret.equals(first.secret)).toBe(true);
  });

  it('takes an explicit file first, then the environment', () => {
    const file = join(dir, 'mine.key');
    writeFileSync(file, `${'k'.repeat(40)}\n`, { mode: 0o644 });
    const env = { [EXPORT_SECRET_ENV]: 'e'.repeat(40) };
    const fromFile = loadExportSecret({ dataDir: dir, secretFile: file, env });
    expect(fromFile.secret.toString()).toBe('k'.repeat(40));
    // a copy with wider permissions is narrowed again
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const fromEnv = loadExportSecret({ dataDir: dir, env });
    expect(fromEnv).toEqual({ secret: Buffer.from('e'.repeat(40)), source: 'env', file: null });
  });

  it('refuses a missing explicit file and a short secret, with a code', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof ShareError ? e.code : String(e);
      }
      return 'no error';
    };
    expect(err(() => loadExportSecret({ dataDir: dir, secretFile: join(dir, 'typo.key'), env: {} }))).toBe(
      'secret-missing',
    );
    expect(err(() => loadExportSecret({ dataDir: dir, env: { [EXPORT_SECRET_ENV]: 'short' } }))).toBe(
      'secret-too-short',
    );
  });
});

describe('pseudonyms', () => {
  const a = deriveKeys(Buffer.from('a'.repeat(43)));
  const b = deriveKeys(Buffer.from('b'.repeat(43)));

  it('are stable per secret, differ between secrets, kinds and values', () => {
    expect(pseudonym(a, 'company', 'alpha-kogyo')).toMatch(/^c_[0-9a-f]{16}$/);
    expect(pseudonym(a, 'company', 'alpha-kogyo')).toBe(pseudonym(a, 'company', 'alpha-kogyo'));
    expect(pseudonym(a, 'company', 'alpha-kogyo')).not.toBe(pseudonym(b, 'company', 'alpha-kogyo'));
    expect(pseudonym(a, 'device', 'alpha-kogyo')).toMatch(/^d_/);
    expect(pseudonym(a, 'device', 'alpha-kogyo').slice(2)).not.toBe(
      pseudonym(a, 'company', 'alpha-kogyo').slice(2),
    );
    expect(pseudonym(a, 'company', 'beta')).not.toBe(pseudonym(a, 'company', 'alpha-kogyo'));
  });

  it('uses independent keys for pseudonyms and addresses', () => {
    expect(a.pseudonym).toHaveLength(32);
    expect(a.cryptoPan).toHaveLength(32);
    expect(a.pseudonym.equals(a.cryptoPan)).toBe(false);
  });
});
