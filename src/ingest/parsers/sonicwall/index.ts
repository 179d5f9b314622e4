import type { Parser } from '../types.js';
import { fail } from '../types.js';

// Placeholder until the sonicwall parser lands in this folder.
export const sonicwallParser: Parser = {
  id: 'sonicwall',
  sniff: () => false,
  parse: () => fail('unknown-format', 'not yet supported'),
};
