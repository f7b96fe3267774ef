import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explainEngineWarnings, KNOWN_EXCEPTIONS, rejectingPackages, satisfies, type LockEntry } from '../../scripts/nodeEngines.mjs';

/**
 * The Node versions the README and package.json promise must be accepted by every installed package's
 * `engines.node`, save the documented exceptions (scripts/nodeEngines.mjs, README "Run it"): dcmjs and
 * @cornerstonejs/codec-libjxl declare the Node their own build tooling needs, not what their published
 * files need. A new dependency that needs a newer Node, or an upstream release that drops or changes
 * such a requirement, fails here so that the README, `engines` and the postinstall explanation change with it.
 */
const root = new URL('../../', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(name, root)), 'utf8'));
const lock = readJson('package-lock.json') as { packages: Record<string, LockEntry> };
const manifest = readJson('package.json') as { engines: { node: string }; scripts: Record<string, string> };

const PROMISED = '^20.19.0 || >=22.13.0';
/** the lowest Node of each line the promise admits */
const LOWEST_PROMISED = ['20.19.0', '22.13.0', '24.0.0'];

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
    const expected = Object.entries(KNOWN_EXCEPTIONS)
      .filter(([, exception]) => !satisfies(exception.node, node))
      .map(([id, exception]) => ({ id, node: exception.node }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(rejectingPackages(lock.packages, node)).toEqual(expected);
  });
});

describe("npm install's EBADENGINE warnings are explained where they are printed", () => {
  it('npm install runs the explanation', () => {
    expect(manifest.scripts['postinstall']).toBe('node scripts/nodeEngines.mjs');
  });

  it('explains each expected warning on Node 20', () => {
    const lines = explainEngineWarnings(lock.packages, '20.19.0');
    expect(lines[0]).toContain('2 packages ask for a newer Node');
    expect(lines.filter((line) => line.includes(': expected; '))).toHaveLength(2);
    expect(lines.join('\n')).not.toContain('NOT checked');
  });

  it('prints nothing where npm warns of nothing', () => {
    expect(explainEngineWarnings(lock.packages, '24.0.0')).toEqual([]);
  });

  it('names a package it does not know as not checked', () => {
    const packages = { '': {}, 'node_modules/new-thing': { version: '2.0.0', engines: { node: '>=26' } } };
    expect(explainEngineWarnings(packages, '20.19.0')[1]).toBe('  new-thing@2.0.0 (engines >=26): NOT checked on this Node. Use Node 26 or newer, or report it.');
  });

  it('a known package at another engines range is not taken as known', () => {
    const packages = { 'node_modules/dcmjs': { version: '0.52.0', engines: { node: '>=24' } } };
    expect(explainEngineWarnings(packages, '20.19.0')[1]).toContain('NOT checked');
  });
});
