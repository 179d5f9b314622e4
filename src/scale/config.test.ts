import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScaleConfig, parseScaleConfig, ScaleConfigError } from './config.js';

const minimal = {
  events: { clickhouse: { url: 'http://127.0.0.1:8123' } },
  state: { postgres: { url: 'postgres://otasuke@127.0.0.1:5432/otasuke' } },
  bus: { nats: { servers: 'nats://127.0.0.1:4222' } },
};

describe('scale-out configuration file', () => {
  it('fills the defaults', () => {
    const c = parseScaleConfig(JSON.stringify(minimal));
    expect(c.events.clickhouse.database).toBe('otasuke');
    expect(c.bus.nats.stream).toBe('OTASUKE_INGEST');
    expect(c.bus.nats.hitsStream).toBe('OTASUKE_HITS');
    expect(c.files).toBeUndefined();
  });

  it('reads values written as a reference to an environment variable', () => {
    const text = JSON.stringify({
      ...minimal,
      state: { postgres: { url: `\${PG_URL}` } },
    });
    const c = parseScaleConfig(text, 'f.json', { PG_URL: 'postgres://u:secret@db/otasuke' });
    expect(c.state.postgres.url).toBe('postgres://u:secret@db/otasuke');
    expect(() => parseScaleConfig(text, 'f.json', {})).toThrow(
      'f.json: environment variable PG_URL is not set',
    );
  });

  it('names the wrong field', () => {
    const bad = { ...minimal, events: { clickhouse: { url: 'http://x', database: 'no-dashes' } } };
    expect(() => parseScaleConfig(JSON.stringify(bad), 'f.json')).toThrow(
      /^f\.json: events\.clickhouse\.database: /,
    );
    expect(() => parseScaleConfig(JSON.stringify({ ...minimal, extra: 1 }), 'f.json')).toThrow(
      ScaleConfigError,
    );
    expect(() => parseScaleConfig('{', 'f.json')).toThrow(/f\.json: not JSON/);
    const noBus = { events: minimal.events, state: minimal.state };
    expect(() => parseScaleConfig(JSON.stringify(noBus), 'f.json')).toThrow(/f\.json: bus: /);
  });

  it("reads the README's example file", () => {
    const c = loadScaleConfig(join(import.meta.dirname, '..', '..', 'docs', 'otasuke.scale.example.json'));
    expect(c.events.clickhouse.database).toBe('otasuke');
    expect(c.files?.dir).toBe('./scale/files');
  });

  it('loads a file and says when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'otasuke-cfg-'));
    try {
      const f = join(dir, 'otasuke.json');
      writeFileSync(f, JSON.stringify(minimal));
      expect(loadScaleConfig(f).bus.nats.servers).toBe('nats://127.0.0.1:4222');
      expect(() => loadScaleConfig(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
