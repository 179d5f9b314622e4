/**
 * A YAML file with line numbers for every node, and the problem list the rule and
 * cases loaders share: every problem names its file and line, and loading goes on
 * after one so an author sees all mistakes in one run.
 */
import { isMap, isScalar, LineCounter, type Node, type Pair, parseAllDocuments, type YAMLMap } from 'yaml';

export interface RuleProblem {
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  message: string;
}

export class YamlSource {
  private readonly counter = new LineCounter();
  readonly root: Node | null = null;

  constructor(
    readonly file: string,
    text: string,
    readonly problems: RuleProblem[],
  ) {
    const docs = parseAllDocuments(text, {
      lineCounter: this.counter,
      uniqueKeys: true,
      prettyErrors: false,
    });
    const list = Array.isArray(docs) ? docs : [];
    for (const d of list) {
      for (const e of d.errors) this.problemAt(e.pos[0], `YAML syntax: ${firstLine(e.message)}`);
    }
    const withContent = list.filter((d) => d.contents !== null);
    if (withContent.length > 1) {
      this.problemAt(
        withContent[1].range[0],
        'one rule per file: this file holds more than one YAML document',
      );
    }
    if (list.every((d) => d.errors.length === 0) && withContent.length > 0) {
      this.root = withContent[0].contents as Node;
    }
  }

  line(node: Node | Pair | null | undefined): number {
    const n = node && 'range' in node ? node : node && 'key' in node ? (node.key as Node | null) : null;
    const at = n?.range?.[0];
    return at === undefined ? 0 : this.counter.linePos(at).line;
  }

  problem(node: Node | Pair | null | undefined, message: string): void {
    this.problems.push({ file: this.file, line: this.line(node), message });
  }

  problemAt(offset: number, message: string): void {
    this.problems.push({ file: this.file, line: this.counter.linePos(offset).line, message });
  }
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

/** The pairs of a map with plain string keys; other keys are reported. */
export function stringPairs(src: YamlSource, map: YAMLMap): [string, Pair, Node | null][] {
  const out: [string, Pair, Node | null][] = [];
  for (const p of map.items) {
    if (!isScalar(p.key) || typeof p.key.value !== 'string') {
      src.problem(p.key as Node | null, 'keys must be plain text');
      continue;
    }
    out.push([p.key.value, p, (p.value as Node | null) ?? null]);
  }
  return out;
}

export function asMap(node: Node | null): YAMLMap | null {
  return isMap(node) ? node : null;
}

/** The scalar value of a node (string, number, boolean, null), or undefined for a collection. */
export function scalarValue(node: Node | null): unknown {
  if (node === null) return null;
  if (isScalar(node)) return node.value;
  return undefined;
}
