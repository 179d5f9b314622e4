import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { adminTokenPath, loadOrCreateAdminToken } from './admin-token.js';

describe('loadOrCreateAdminToken', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates a private token file once and returns the same token afterwards', () => {
    const parent = mkdtempSync(join(tmpdir(), 'otasuke-admin-'));
    dirs.push(parent);
    const dir = join(parent, 'data');
    const a = loadOrCreateAdminToken(dir);
    expect(a.length).toBeGreaterThanOrEqual(40);
    expect(statSync(adminTokenPath(dir)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateAdminToken(dir)).toBe(a);
  });

  it('tightens permissions of a copied file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'otasuke-admin-'));
    dirs.push(dir);
    writeFileSync(adminTokenPath(dir), 'x'.repeat(40) + '\n', { mode: 0o644 });
    expect(loadOrCreateAdminToken(dir)).toBe('x'.repeat(40));
    expect(statSync(adminTokenPath(dir)).mode & 0o777).toBe(0o600);
  });
});
