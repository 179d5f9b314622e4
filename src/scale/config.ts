/**
 * The scale-out configuration file (`otasuke start --config FILE`): one file names the
 * backends every process of a deployment shares. What differs per process (its role,
 * data folder, ports) stays on the command line.
 *
 *   {
 *     "events": { "clickhouse": { "url": "http://127.0.0.1:8123", "database": "otasuke" } },
 *     "state":  { "postgres":   { "url": "postgres://otasuke@127.0.0.1:5432/otasuke" } },
 *     "bus":    { "nats":       { "servers": "nats://127.0.0.1:4222" } },
 *     "files":  { "dir": "/srv/otasuke/files" }
 *   }
 *
 * A value of the form "${NAME}" is read from the environment, so passwords need not sit
 * in the file.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const envRef = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

const configSchema = z
  .object({
    events: z
      .object({
        clickhouse: z
          .object({
            url: z.string().url(),
            database: z
              .string()
              .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/)
              .default('otasuke'),
          })
          .strict(),
      })
      .strict(),
    state: z
      .object({
        postgres: z
          .object({
            url: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL'),
            schema: z
              .string()
              .regex(/^[a-z_][a-z0-9_]{0,62}$/)
              .optional(),
          })
          .strict(),
      })
      .strict(),
    bus: z
      .object({
        nats: z
          .object({
            servers: z.string().min(1),
            /** Stream of parsed batches, collectors → writers. */
            stream: z
              .string()
              .regex(/^[A-Za-z0-9_-]{1,64}$/)
              .default('OTASUKE_INGEST'),
            /** Stream of rule hits, writers → the detector. */
            hitsStream: z
              .string()
              .regex(/^[A-Za-z0-9_-]{1,64}$/)
              .default('OTASUKE_HITS'),
            /** Cap of each stream; a full stream refuses publishes (collectors keep spooling). */
            maxBytes: z
              .number()
              .int()
              .positive()
              .default(4 * 1024 ** 3),
          })
          .strict(),
      })
      .strict(),
    /**
     * Report PDFs and desk attachments. Several API or scheduler processes must share
     * one folder (a network file system across machines); default: each process's
     * own data folder.
     */
    files: z
      .object({ dir: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict();

export type ScaleConfig = z.infer<typeof configSchema>;

export class ScaleConfigError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'ScaleConfigError';
  }
}

/** Replaces "${NAME}" strings with the environment's values (a missing one is an error). */
function expandEnv(v: unknown, env: NodeJS.ProcessEnv, file: string): unknown {
  if (typeof v === 'string') {
    const m = envRef.exec(v);
    if (!m) return v;
    const val = env[m[1]];
    if (val === undefined) throw new ScaleConfigError(file, `environment variable ${m[1]} is not set`);
    return val;
  }
  if (Array.isArray(v)) return v.map((x) => expandEnv(x, env, file));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expandEnv(x, env, file)]));
  return v;
}

export function parseScaleConfig(text: string, file = 'config', env = process.env): ScaleConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ScaleConfigError(file, `not JSON: ${(e as Error).message}`);
  }
  const parsed = configSchema.safeParse(expandEnv(raw, env, file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    throw new ScaleConfigError(file, `${where}: ${issue.message}`);
  }
  return parsed.data;
}

export function loadScaleConfig(file: string, env = process.env): ScaleConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScaleConfigError(file, `cannot read: ${(e as Error).message}`);
  }
  return parseScaleConfig(text, file, env);
}
