import type { Parser } from '../types.js';
import { fail } from '../types.js';

// Placeholder until the yamaha-rtx parser lands in this folder.
export const yamahaRtxParser: Parser = {
  id: 'yamaha-rtx',
  sniff: () => false,
  parse: () => fail('unknown-format', 'not yet supported'),
};
