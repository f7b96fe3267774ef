import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The Node versions the README and package.json promise must be accepted by every installed package's
 * `engines.node`, save the two documented exceptions (README, "Run it"): dcmjs and
 * @cornerstonejs/codec-libjxl declare the Node their own build tooling needs, not what their published
 * files need. A new dependency that needs a newer Node, or an upstream release that drops or changes
 * such a requirement, fails here so that the README and `engines` are updated with it.
 */
const root = new URL('../../', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(name, root)), 'utf8'));
const lock = readJson('package-lock.json') as { packages: Record<string, { version?: string; engines?: { node?: string } }> };
const manifest = readJson('package.json') as { engines: { node: string } };

const PROMISED = '^20.19.0 || >=22.13.0';
/** the lowest Node of each line the promise admits */
const LOWEST_PROMISED = ['20.19.0', '22.13.0', '24.0.0'];
const KNOWN_EXCEPTIONS = ['@cornerstonejs/codec-libjxl@1.1.1 >=24', 'dcmjs@0.52.0 >=22.13'];

type Version = [number, number, number];
const parse = (text: string): Version => {
  const [major = 0, minor = 0, patch = 0] = text.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : 0));
  return [major, minor, patch];
};
const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** npm's range forms found in the lockfile: `||` alternatives of `>=`, `>`, `<`, `<=`, `^`, bare and `*` comparators (`6.*` is 6.x, as get-caller-file writes it). */
function comparatorHolds(comparator: string, version: Version): boolean {
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

function satisfies(range: string, version: string): boolean {
  const normalised = range.replace(/(>=|<=|>|<|\^|=)\s+/g, '$1');
  return normalised.split('||').some((alternative) => alternative.trim().split(/\s+/).every((comparator) => comparatorHolds(comparator, parse(version))));
}

describe('Node version agreement', () => {
  it('package.json promises the Node the README names', () => {
    expect(manifest.engines.node).toBe(PROMISED);
    expect(readFileSync(fileURLToPath(new URL('README.md', root)), 'utf8')).toContain('Node.js 20.19');
  });

  it('reads npm ranges as npm does', () => {
    expect(satisfies('^20.19.0 || >=22.12.0', '20.18.3')).toBe(false);
    expect(satisfies('^20.19.0 || >=22.12.0', '21.0.0')).toBe(false);
    expect(satisfies('^20.19.0 || >=22.12.0', '22.12.0')).toBe(true);
    expect(satisfies('>= 0.4', '20.19.0')).toBe(true);
    expect(satisfies('20 || >=22', '21.1.0')).toBe(false);
    expect(satisfies('>=0.8.x', '20.19.0')).toBe(true);
    expect(satisfies('>=22.13', '22.12.0')).toBe(false);
    expect(satisfies('6.* || 8.* || >= 10.*', '7.1.0')).toBe(false);
    expect(satisfies('6.* || 8.* || >= 10.*', '20.19.0')).toBe(true);
  });

  it.each(LOWEST_PROMISED)('every package accepts Node %s, but for the documented exceptions', (node) => {
    const rejecting = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.engines?.node !== undefined && !satisfies(entry.engines.node, node))
      .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'} ${entry.engines?.node ?? ''}`);
    const expected = KNOWN_EXCEPTIONS.filter((exception) => !satisfies(exception.split(' ')[1] ?? '', node));
    expect(rejecting.sort()).toEqual(expected);
  });
});
