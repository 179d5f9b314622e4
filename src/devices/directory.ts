/**
 * What live ingest needs from the device registry: who sent this record, and
 * bookkeeping for sources nobody has claimed yet. Implemented over the state database
 * (devices/repo.ts); a fake lives beside the tests.
 */
import type { ProfileSpec } from '../ingest/parse/profile-spec.js';

export interface SourceIdentity {
  /** Peer address as seen by the socket (IPv4 or IPv6, no port). */
  address: string;
  /** Syslog HOSTNAME from the record header, when there is one. */
  hostname: string | null;
  /** HTTP ingest bearer token, when the record came over HTTP. */
  token?: string;
  /** SHA-256 fingerprint of the TLS client certificate, when one was presented. */
  tlsFingerprint?: string;
}

export interface ResolvedDevice {
  id: string;
  tenant: string;
  enabled: boolean;
  /** Silence threshold for the device-silent alert. */
  silentAfterMs: number;
  profile: ProfileSpec;
  /**
   * SHA-256 fingerprint (canonical hex) of the client certificate this device must
   * present over TLS, or null when it pins none. Absent on fakes = none.
   */
  pinnedFingerprint?: string | null;
}

/**
 * Who claims a source by address, host name or block, whatever credential came with it.
 * A TLS receiver asks this at connection time: a device that pins a certificate must
 * be refused, not treated as an unknown source, when the certificate is missing or wrong.
 */
export interface SourceClaims {
  claimant(src: SourceIdentity): ResolvedDevice | null;
}

export interface DeviceDirectory {
  /** The device a record belongs to, or null when no device claims this source. */
  resolve(src: SourceIdentity): ResolvedDevice | null;
  /** Remembers records from an unassigned source (address, first/last seen, count, a few sample lines). */
  noteUnassigned(src: SourceIdentity, lines: readonly string[], nowMs: number): void;
}
