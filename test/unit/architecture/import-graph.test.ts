// The direction of the code, checked on the real import graph (.dependency-cruiser.cjs holds the
// rules): no cycle between files or between folders, the core pure, use cases behind ports.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const configFile = path.join(root, '.dependency-cruiser.cjs');
const depcruise = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');

interface CruiseResult {
  modules: { source: string; dependencies: { resolved: string; coreModule: boolean }[] }[];
  summary: { violations: { rule: { name: string }; from: string; to: string }[] };
}

function cruise(cwd: string, targets: string[]): CruiseResult {
  const out = execFileSync(
    process.execPath,
    [depcruise, '--config', configFile, '--output-type', 'json', ...targets],
    {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(out) as CruiseResult;
}

/** The folder a module counts as, for the folder graph: `shared/core/scheduling`, `functions`. */
function folderOf(source: string): string {
  return path.posix.dirname(source);
}

/** Every cycle of folders (Tarjan's strongly connected components of more than one folder). */
function folderCycles(result: CruiseResult): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const module of result.modules) {
    if (module.source.startsWith('node_modules/')) continue;
    const from = folderOf(module.source);
    for (const dependency of module.dependencies) {
      if (dependency.coreModule || dependency.resolved.startsWith('node_modules/')) continue;
      const to = folderOf(dependency.resolved);
      if (to === from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)?.add(to);
    }
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

describe('the import graph', () => {
  const result = cruise(root, ['shared', 'functions', 'infra', 'local', 'scripts', 'bench']);

  it('breaks none of the layering rules (no file cycle, pure core, use cases behind ports)', () => {
    const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toEqual([]);
  });

  it('has no cycle between folders', () => {
    expect(folderCycles(result)).toEqual([]);
  });

  it('covers the whole source: every layer is in the graph', () => {
    const sources = result.modules.map((m) => m.source);
    for (const layer of ['shared/core/', 'shared/app/', 'shared/adapters/', 'shared/config/', 'functions/']) {
      expect(
        sources.some((s) => s.startsWith(layer)),
        layer,
      ).toBe(true);
    }
  });
});

describe('the rules themselves', () => {
  // A small tree that breaks each rule once, so a rule that stopped matching would show here.
  const scratch = mkdtempSync(path.join(tmpdir(), 'import-graph-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    writeFileSync(path.join(scratch, file), text);
  };
  write(
    'tsconfig.json',
    JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true, noEmit: true } }),
  );
  write(
    'shared/core/rule.ts',
    "import { send } from '../adapters/http/send.ts';\nexport const rule = send;\n",
  );
  write('shared/adapters/http/send.ts', 'export const send = 1;\n');
  write(
    'shared/app/use-case.ts',
    "import { send } from '../adapters/http/send.ts';\nexport const useCase = send;\n",
  );
  write('shared/core/a.ts', "import { b } from './b.ts';\nexport const a = b;\n");
  write('shared/core/b.ts', "import { a } from './a.ts';\nexport const b = a;\n");
  write(
    'shared/core/reads-disk.ts',
    "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  );

  it('catch a core importing an adapter, a use case importing an adapter, a cycle and disk access', () => {
    const names = cruise(scratch, ['shared']).summary.violations.map((v) => `${v.rule.name} ${v.from}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'core-is-pure shared/core/rule.ts',
        'app-depends-on-ports shared/app/use-case.ts',
        'no-circular shared/core/a.ts',
        'core-has-no-fs shared/core/reads-disk.ts',
      ]),
    );
  });
});
