import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { eventStoreContract } from '../contract.case.js';
import { DuckDbEventStore } from './duckdb-store.js';

const dir = mkdtempSync(join(tmpdir(), 'otasuke-duck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

eventStoreContract('duckdb', () =>
  DuckDbEventStore.open({ path: join(dir, `events-${n++}.duckdb`), threads: 2 }),
);
