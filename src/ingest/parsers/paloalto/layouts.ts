/**
 * Field positions of PAN-OS syslog CSV, from the "Syslog Field Descriptions" pages:
 *   https://docs.paloaltonetworks.com/pan-os/8-1/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions
 *   https://docs.paloaltonetworks.com/pan-os/9-1/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions
 *   https://docs.paloaltonetworks.com/pan-os/10-2/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions
 *   https://docs.paloaltonetworks.com/pan-os/11-1/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions
 * Every version appends fields at the end, so the positions below hold for 8.0 … 11.x;
 * a field past the end of an older layout is simply absent.
 */

/** Fields every log type shares (0 is FUTURE_USE, in practice "1"). */
export const RECEIVE_TIME = 1;
export const TYPE = 3;
export const SUBTYPE = 4;
export const GENERATED_TIME = 6;

/** TRAFFIC, THREAT, DECRYPTION, TUNNEL/GTP and SCTP share these first 31 positions. */
export const SESSION = {
  src: 7,
  dst: 8,
  rule: 11,
  srcUser: 12,
  app: 14,
  fromZone: 16,
  toZone: 17,
  inIf: 18,
  outIf: 19,
  sport: 24,
  dport: 25,
  proto: 29,
  action: 30,
} as const;

/**
 * TRAFFIC: 47 fields in 8.0 up to Session End Reason; 8.0 61, 8.1 65 (SCTP), 9.0 67
 * (Rule UUID, HTTP/2), 9.1 75 (SD-WAN, dynamic user group), 10.0 103 (device-ID, EDL,
 * High Resolution Timestamp at 102), 10.1 105 (5G slice), 10.2 115 (application
 * subcategory/category/technology/risk …), 11.x 117 (flow type, cluster name).
 */
export const TRAFFIC = {
  bytes: 31,
  bytesSent: 32,
  bytesReceived: 33,
  urlCategory: 37,
  sessionEndReason: 46,
  highRes: 102,
  appSubcategory: 105,
  appCategory: 106,
  min: 34,
} as const;

/**
 * THREAT: 8.0 72 fields, 8.1 75 (SCTP, HTTP headers), 9.0 78 (URL category list,
 * Rule UUID, HTTP/2), 9.1 79 (dynamic user group), 10.0 110 (device-ID, EDL, partial
 * hash, High Resolution Timestamp at 107, reason, justification), 10.1 111, 10.2 120
 * (application subcategory at 111, category at 112 …), 11.x 123 (cloud report ID,
 * cluster name, flow type).
 */
export const THREAT = {
  misc: 31,
  threatId: 32,
  category: 33,
  severity: 34,
  direction: 35,
  userAgent: 46,
  xff: 48,
  sender: 50,
  recipient: 52,
  threatCategory: 69,
  highRes: 107,
  appSubcategory: 111,
  appCategory: 112,
  min: 36,
} as const;

/** DECRYPTION (10.0+): the session fields, High Resolution Timestamp at 72, app subcategory/category at 98/99. */
export const DECRYPTION = { highRes: 72, appSubcategory: 98, appCategory: 99, min: 31 } as const;

/** SYSTEM: Virtual System, Event ID, Object, 2×FUTURE_USE, Module, Severity, Description …, High Resolution Timestamp (25, 9.1+). */
export const SYSTEM = {
  eventId: 8,
  object: 9,
  module: 12,
  severity: 13,
  description: 14,
  highRes: 25,
  min: 15,
} as const;

/** CONFIG: Host (client address), Virtual System, Command, Admin, Client, Result, Configuration Path …, High Resolution Timestamp (25, 10.0+). */
export const CONFIG = { host: 7, command: 9, admin: 10, result: 12, highRes: 25, min: 11 } as const;

/**
 * GLOBALPROTECT (9.1+): Virtual System, Event ID, Stage, Auth Method, Tunnel Type,
 * Source User (12), Source Region, Machine Name, Public IP (15), Public IPv6, Private IP (17) …
 * Status (28) …, High Resolution Timestamp (36, 10.0+).
 */
export const GLOBALPROTECT = {
  eventId: 8,
  user: 12,
  publicIp: 15,
  publicIp6: 16,
  status: 28,
  highRes: 36,
  min: 16,
} as const;

/** HIPMATCH: Source User (7), Virtual System, Machine Name, OS, Source Address (11), HIP …, High Resolution Timestamp (30, 10.0+). */
export const HIPMATCH = { user: 7, src: 11, highRes: 30, min: 12 } as const;

/** USERID: Virtual System, Source IP (8), User (9), Data Source Name, Event ID …, High Resolution Timestamp (33, 10.0+). */
export const USERID = { src: 8, user: 9, highRes: 33, min: 10 } as const;

/** AUTH: Virtual System, Source IP (8), User (9), Normalize User, Object, Auth Policy … Description (18) … High Resolution Timestamp (33). */
export const AUTH = { src: 8, user: 9, description: 18, event: 20, highRes: 33, min: 10 } as const;
