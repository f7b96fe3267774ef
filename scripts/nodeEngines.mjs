// npm's `engines.node` check, and what Nadir knows of the packages that fail it on the Node it promises.
// Plain JavaScript: `npm install` runs it as the postinstall script, before anything is compiled.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Packages whose `engines.node` rejects a Node that package.json promises, each with why it is safe there
 * (README, "Run it"). tests/unit/nodeEngines.test.ts fails when another package, or another release of
 * these, disagrees, so this list and the README change with it.
 */
export const KNOWN_EXCEPTIONS = {
  'dcmjs@0.52.0': {
    node: '>=22.13',
    why: 'the Node of its own build tools (pnpm 11, Rollup); its bundle is transpiled JavaScript that calls no API newer than Node 20, and the SR tests run it on Node 20. 0.51.1 declares no engine but lacks the fix for GHSA-px68-xx5g-48q5.',
  },
  '@cornerstonejs/codec-libjxl@1.1.1': {
    node: '>=24',
    why: 'the Node of its Emscripten build; it is a WebAssembly JPEG XL decoder that only the browser runs, never Node. It has no other release.',
  },
};

/** The Node version as three numbers; a part that is not a number (`x`, `*`) counts as 0. */
const parse = (text) => {
  const [major = 0, minor = 0, patch = 0] = text.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : 0));
  return [major, minor, patch];
};
const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** npm's comparator forms found in the lockfile: `>=`, `>`, `<`, `<=`, `^`, bare and `*` (`6.*` is 6.x, as get-caller-file writes it). */
function comparatorHolds(comparator, version) {
  const match = /^(>=|<=|>|<|\^|=)?v?(\*|[\dx*.]+)$/.exec(comparator);
  if (!match) throw new Error(`unsupported engines comparator: ${comparator}`);
  const [, operator = '', bound = ''] = match;
  if (bound === '*' || bound === 'x') return true;
  const target = parse(bound);
  const order = compare(version, target);
  if (operator === '>=') return order >= 0;
  if (operator === '>') return order > 0;
  if (operator === '<') return order < 0;
  if (operator === '<=') return order <= 0;
  if (operator === '^') return order >= 0 && version[0] === target[0];
  const parts = bound.split('.').filter((part) => /^\d+$/.test(part)).length; // "20" = 20.x, "20.1" = 20.1.x
  return version.slice(0, parts).every((value, index) => value === target[index]);
}

/** Whether an npm range (`||` alternatives of space-separated comparators) admits the version. */
export function satisfies(range, version) {
  const normalised = range.replace(/(>=|<=|>|<|\^|=)\s+/g, '$1');
  return normalised.split('||').some((alternative) => alternative.trim().split(/\s+/).every((comparator) => comparatorHolds(comparator, parse(version))));
}

/** The lockfile's packages whose `engines.node` rejects `version`, as `name@version` with their range. */
export function rejectingPackages(lockPackages, version) {
  return Object.entries(lockPackages)
    .filter(([path, entry]) => path !== '' && entry.engines?.node !== undefined && !satisfies(entry.engines.node, version))
    .map(([path, entry]) => ({ id: `${path.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'}`, node: entry.engines.node }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** What a newcomer reads after npm's EBADENGINE warnings: each one explained, or named as unexpected. */
export function explainEngineWarnings(lockPackages, version) {
  const rejecting = rejectingPackages(lockPackages, version);
  if (rejecting.length === 0) return [];
  const lines = [`Nadir on Node ${version}: npm warned above (EBADENGINE) that ${rejecting.length === 1 ? 'one package asks' : `${rejecting.length} packages ask`} for a newer Node.`];
  for (const { id, node } of rejecting) {
    const known = KNOWN_EXCEPTIONS[id];
    lines.push(known && known.node === node ? `  ${id} (engines ${node}): expected; ${known.why}` : `  ${id} (engines ${node}): NOT checked on this Node. Use Node ${node.replace(/^>=\s*/, '')} or newer, or report it.`);
  }
  lines.push('  (README.md, "Run it", says more.)');
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lock = JSON.parse(readFileSync(fileURLToPath(new URL('../package-lock.json', import.meta.url)), 'utf8'));
  for (const line of explainEngineWarnings(lock.packages, process.versions.node)) console.log(line);
}
