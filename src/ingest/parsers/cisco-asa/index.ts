import type { Parser } from '../types.js';
import { fail } from '../types.js';

// Placeholder until the cisco-asa parser lands in this folder.
export const ciscoAsaParser: Parser = {
  id: 'cisco-asa',
  sniff: () => false,
  parse: () => fail('unknown-format', 'not yet supported'),
};
