// A lint rule against import circles that counts every import: `import type`, re-exports and
// dynamic import() included. eslint-plugin-import's no-cycle skips type-only imports, and a type
// import still ties two modules together (ARCHITECTURE.md, rule 5).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const SPECIFIERS = /(?:^|[\s;])(?:import|export)\s[^;'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s+['"]([^'"]+)['"]/g;
const EXTENSIONS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];

/** The file a relative specifier names, or null (a package, or nothing there). */
export function resolveImport(fromFile, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(fromFile), specifier.replace(/\.js$/, ''));
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Relative specifiers of a module's source text. */
export function specifiersOf(text) {
  return [...text.matchAll(SPECIFIERS)].map((match) => match[1] ?? match[2] ?? match[3]);
}

const cache = new Map(); // file → { mtimeMs, imports }
function importsOnDisk(file) {
  const { mtimeMs } = statSync(file);
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.imports;
  const imports = specifiersOf(readFileSync(file, 'utf8')).map((specifier) => resolveImport(file, specifier)).filter(Boolean);
  cache.set(file, { mtimeMs, imports });
  return imports;
}

/** A path of imports from `start` back to `target`, or null. */
export function pathBack(start, target, importsOf = importsOnDisk) {
  const seen = new Set();
  const stack = [[start, [start]]];
  while (stack.length > 0) {
    const [file, path] = stack.pop();
    if (file === target) return path;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const next of importsOf(file)) stack.push([next, [...path, next]]);
  }
  return null;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'no import circle, type-only imports included' },
    messages: { cycle: 'Import circle: {{path}}. A type import counts too; move the shared type to a module of its own.' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const check = (node, specifier) => {
      if (typeof specifier !== 'string') return;
      const target = resolveImport(file, specifier);
      if (!target) return;
      const path = target === file ? [file] : pathBack(target, file);
      if (path) context.report({ node, messageId: 'cycle', data: { path: [file, ...path].map((step) => step.slice(context.cwd.length + 1)).join(' → ') } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
