/**
 * The import graph of the product's code (server/src, client/src, shared) has no cycle, type-only
 * imports included: each module can be read, tested and moved with what it depends on alone.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const DIRS = ['server/src', 'client/src', 'shared'];

function sources(): string[] {
  return DIRS.flatMap((dir) =>
    readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(ROOT, dir, f)),
  );
}

/** Relative module specifiers of a file: imports, re-exports (type-only too), dynamic imports, requires. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"](\.[^'"]*)['"]/g)) found.push(m[1]);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"](\.[^'"]*)['"]/g)) found.push(m[1]);
  for (const m of text.matchAll(/\b(?:import|require)\s*\(\s*['"](\.[^'"]*)['"]\s*\)/g)) found.push(m[1]);
  return found;
}

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => f.endsWith('.ts') && existsSync(f));
}

/** Strongly connected components of more than one file (Tarjan), or a file importing itself. */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.includes(v)) out.push(scc.map((f) => path.relative(ROOT, f)).sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('import graph', () => {
  it('has no cycle in server/src, client/src and shared', () => {
    const graph = new Map<string, string[]>();
    for (const file of sources()) {
      const targets = specifiers(readFileSync(file, 'utf8')).flatMap((s) => resolve(file, s) ?? []);
      graph.set(file, [...new Set(targets)]);
    }
    assert.ok(graph.size > 100, `only ${graph.size} files read`);
    assert.deepEqual(cycles(graph), []);
  });
});
