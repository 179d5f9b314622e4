/**
 * Typed reads from a parsed EVE object. EVE is JSON from the wire: any member may be missing
 * or of an unexpected type, so every read checks the type and yields null otherwise.
 */
import { ip } from '../fields.js';

export type JsonObject = { [k: string]: unknown };

export function obj(v: unknown): JsonObject | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : null;
}

export function text(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

/** A non-negative integer from a JSON number (or a numeric string some shippers write). */
export function count(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : null;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  return null;
}

export function portOf(v: unknown): number | null {
  const n = count(v);
  return n !== null && n <= 65535 ? n : null;
}

export function ipOf(v: unknown): string | null {
  return typeof v === 'string' ? ip(v) : null;
}

/** First element of an array member, as an object. */
export function firstObj(v: unknown): JsonObject | null {
  return Array.isArray(v) && v.length > 0 ? obj(v[0]) : null;
}

/** DNS / SNI names: lower-case, without the root dot ("p33-btmmdns.icloud.com." → "p33-btmmdns.icloud.com"). */
export function hostName(v: unknown): string | null {
  const s = text(v);
  if (s === null) return null;
  const t = s.charCodeAt(s.length - 1) === 46 ? s.slice(0, -1) : s;
  return t.length > 0 ? t.toLowerCase() : null;
}
