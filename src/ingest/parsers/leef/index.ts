import type { Parser } from '../types.js';
import { fail } from '../types.js';

// Placeholder until the leef parser lands in this folder.
export const leefParser: Parser = {
  id: 'leef',
  sniff: () => false,
  parse: () => fail('unknown-format', 'not yet supported'),
};
