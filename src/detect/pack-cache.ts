/**
 * One compiled matcher per rules folder per thread: parse workers load the pack on
 * their first chunk and keep it. The writer's DetectionEngine has already refused to
 * start on a broken pack; should the files change into a broken state afterwards, a
 * worker reports it once on stderr and matches nothing rather than failing ingest.
 */
import { loadRulePack } from './loader.js';
import { RuleMatcher } from './matcher.js';

const cache = new Map<string, RuleMatcher>();

export function matcherForDir(dir: string): RuleMatcher {
  let m = cache.get(dir);
  if (m === undefined) {
    try {
      m = new RuleMatcher(loadRulePack(dir));
    } catch (err) {
      console.error(
        `detection rules in ${dir} cannot be loaded; matching nothing: ${(err as Error).message}`,
      );
      m = new RuleMatcher([]);
    }
    cache.set(dir, m);
  }
  return m;
}
