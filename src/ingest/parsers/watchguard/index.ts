import type { Parser } from '../types.js';
import { fail } from '../types.js';

// Placeholder until the watchguard parser lands in this folder.
export const watchguardParser: Parser = {
  id: 'watchguard',
  sniff: () => false,
  parse: () => fail('unknown-format', 'not yet supported'),
};
