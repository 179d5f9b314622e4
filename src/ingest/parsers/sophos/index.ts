import type { Parser } from '../types.js';
import { fail } from '../types.js';

// Placeholder until the sophos parser lands in this folder.
export const sophosParser: Parser = {
  id: 'sophos',
  sniff: () => false,
  parse: () => fail('unknown-format', 'not yet supported'),
};
