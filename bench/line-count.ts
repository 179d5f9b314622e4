/** The baseline: a bare Node.js line count (chunked read + newline scan), the floor any parser stands on. */
import { createReadStream } from 'node:fs';

export async function nodeLineCount(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let i = chunk.indexOf(10);
    while (i >= 0) {
      n++;
      i = chunk.indexOf(10, i + 1);
    }
  }
  return n;
}
