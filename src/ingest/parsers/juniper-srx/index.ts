import type { Parser } from '../types.js';
import { fail } from '../types.js';

// Placeholder until the juniper-srx parser lands in this folder.
export const juniperSrxParser: Parser = {
  id: 'juniper-srx',
  sniff: () => false,
  parse: () => fail('unknown-format', 'not yet supported'),
};
