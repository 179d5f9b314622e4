import type { Parser } from '../types.js';
import { fail } from '../types.js';

// Placeholder until the cef parser lands in this folder.
export const cefParser: Parser = {
  id: 'cef',
  sniff: () => false,
  parse: () => fail('unknown-format', 'not yet supported'),
};
