import type { Parser } from '../types.js';
import { fail } from '../types.js';

// Placeholder until the pfsense parser lands in this folder.
export const pfsenseParser: Parser = {
  id: 'pfsense',
  sniff: () => false,
  parse: () => fail('unknown-format', 'not yet supported'),
};
