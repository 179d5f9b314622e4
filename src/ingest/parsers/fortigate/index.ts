import type { Parser } from '../types.js';
import { fail } from '../types.js';

// Placeholder until the fortigate parser lands in this folder.
export const fortigateParser: Parser = {
  id: 'fortigate',
  sniff: () => false,
  parse: () => fail('unknown-format', 'not yet supported'),
};
