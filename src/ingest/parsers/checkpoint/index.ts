import type { Parser } from '../types.js';
import { fail } from '../types.js';

// Placeholder until the checkpoint parser lands in this folder.
export const checkpointParser: Parser = {
  id: 'checkpoint',
  sniff: () => false,
  parse: () => fail('unknown-format', 'not yet supported'),
};
