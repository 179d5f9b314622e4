import type { Parser } from '../types.js';
import { fail } from '../types.js';

// Placeholder until the suricata parser lands in this folder.
export const suricataParser: Parser = {
  id: 'suricata',
  sniff: () => false,
  parse: () => fail('unknown-format', 'not yet supported'),
};
