import type { Parser } from '../types.js';
import { fail } from '../types.js';

// Placeholder until the paloalto parser lands in this folder.
export const paloaltoParser: Parser = {
  id: 'paloalto',
  sniff: () => false,
  parse: () => fail('unknown-format', 'not yet supported'),
};
