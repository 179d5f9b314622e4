/**
 * The Japanese font embedded in every PDF: Noto Sans JP from the npm package
 * @expo-google-fonts/noto-sans-jp, so a report looks the same on any server and no
 * system font is needed. The files are read once per process; pdfkit subsets them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const FONT_REGULAR = 'jp';
export const FONT_BOLD = 'jp-bold';

const require = createRequire(import.meta.url);

function fontDir(): string {
  return dirname(require.resolve('@expo-google-fonts/noto-sans-jp/package.json'));
}

let cache: { regular: Buffer; bold: Buffer } | null = null;

export function reportFonts(): { regular: Buffer; bold: Buffer } {
  if (!cache) {
    const dir = fontDir();
    cache = {
      regular: readFileSync(join(dir, '400Regular', 'NotoSansJP_400Regular.ttf')),
      bold: readFileSync(join(dir, '700Bold', 'NotoSansJP_700Bold.ttf')),
    };
  }
  return cache;
}
