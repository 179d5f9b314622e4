/** Where the package's own files are, from sources (tests) and from dist/ (compiled) alike. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json, found by walking up from `from`. */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(from)}`);
    dir = up;
  }
}

/** A folder of `content/` (data files validated by tests). */
export function contentDir(...parts: string[]): string {
  return resolve(packageRoot(), 'content', ...parts);
}
