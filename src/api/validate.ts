/** Route input validation with zod: the first problem becomes a 400 naming its field. */
import { z } from 'zod';
import { ALERT_STATUSES, idSchema } from '../devices/model.js';
import { ApiError } from './errors.js';

export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: 'query' | 'params' | 'body',
): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  const field = path.map(String).join('.') || where;
  const message =
    issue.code === 'unrecognized_keys' ? `unknown field "${field}"` : `${field}: ${issue.message}`;
  throw new ApiError(400, 'invalid-input', message, field);
}

export const emptyQuery = z.strictObject({});
export const tenantQuery = z.strictObject({ tenant: idSchema.optional() });
export const idParams = z.strictObject({ id: idSchema });
export const alertsQuery = z.strictObject({
  tenant: idSchema.optional(),
  status: z.enum(ALERT_STATUSES as [string, ...string[]]).optional(),
  device: idSchema.optional(),
});
export const addressParams = z.strictObject({ address: z.string().min(1).max(64) });
export const assignBody = z.strictObject({ device: idSchema });
