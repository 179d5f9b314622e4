/** Reads a log file (plain or gzip, detected by magic bytes) as a stream of line chunks. */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { LineChunker } from './line-decode.js';

export function isGzip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(2);
    return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

export interface FileChunk {
  bytes: Buffer;
  /** Bytes of the file (compressed size for .gz) consumed so far, for progress. */
  position: number;
}

/** Yields chunks ending on line boundaries; `size` is the on-disk size for progress bars. */
export async function* readFileChunks(file: string, chunkBytes = 1 << 20): AsyncGenerator<FileChunk> {
  const gz = isGzip(file);
  const raw = createReadStream(file, { highWaterMark: chunkBytes });
  const stream = gz ? raw.pipe(createGunzip({ chunkSize: chunkBytes })) : raw;
  const chunker = new LineChunker();
  for await (const data of stream as AsyncIterable<Buffer>) {
    const c = chunker.push(data);
    if (c.length) yield { bytes: c, position: raw.bytesRead };
  }
  const last = chunker.end();
  if (last.length) yield { bytes: last, position: raw.bytesRead };
}

export function fileSize(file: string): number {
  return statSync(file).size;
}
