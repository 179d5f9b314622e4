/**
 * Check Point log field names the parser reads, as Log Exporter writes them in every
 * format (syslog `key:"value";`, Splunk / generic `key=value`). Names and meanings:
 * https://sc1.checkpoint.com/documents/latest/APIs/index.html#log-fields  (Log Fields reference)
 * https://support.checkpoint.com/results/sk/sk122323  (Log Exporter)
 */
export const CP_KEYS = [
  'time',
  'action',
  'ifdir',
  'ifname',
  'product',
  'src',
  'dst',
  's_port',
  'service',
  'proto',
  'rule_name',
  'rule',
  'inzone',
  'outzone',
  'conn_direction',
  'src_user_name',
  'user',
  'administrator',
  'attack',
  'protection_name',
  'malware_family',
  'malware_action',
  'severity',
  'appi_name',
  'app_category',
  'matched_category',
  'resource',
  'client_inbound_bytes',
  'client_outbound_bytes',
  'received_bytes',
  'sent_bytes',
  'verdict',
  'service_id',
  'dst_user_name',
  'client_ip',
  'categories',
  'dns_query',
] as const;

type Key = (typeof CP_KEYS)[number];

/** Slot numbers, so the hot path indexes an array instead of hashing names. */
export const K = Object.fromEntries(CP_KEYS.map((k, i) => [k, i])) as { readonly [P in Key]: number };

export type Slots = (string | undefined)[];
