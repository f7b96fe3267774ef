import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { patient, target } from '../testing/builders';

/** End-to-end: spawn the batch command as `npm run assess` would (tsx workers/cli/assess.ts). */
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const run = (args: string[], stdin?: string) => spawnSync(tsx, ['workers/cli/assess.ts', ...args], { cwd: root, input: stdin, encoding: 'utf8' });

const one = patient([[0, [target('L1', 34.0)]], [56, [target('L1', 40.8)]]], { criteria: ['RECIST1.1'], patientId: 'CLI-1' });
const dir = mkdtempSync(join(tmpdir(), 'nadir-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('assess CLI', () => {
  it('reads a file: JSON on stdout only, exit 0', () => {
    const result = run([file('one.json', JSON.stringify(one))]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout) as { patientId: string; criteria: Record<string, { timepoints: { overallResponse: string }[] }> };
    expect(output.patientId).toBe('CLI-1');
    expect(output.criteria['RECIST1.1']?.timepoints[0]?.overallResponse).toBe('PD'); // 34.0 → 40.8 mm: +20 %, +6.8 mm
  });

  it('reads a cohort from stdin with "-"', () => {
    const result = run(['-'], JSON.stringify([one, { ...one, patientId: 'CLI-2' }]));
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as { patientId: string }[]).map((p) => p.patientId)).toEqual(['CLI-1', 'CLI-2']);
  });

  it('invalid input: problems with JSON paths on stderr, nothing on stdout, exit 2', () => {
    const bad = structuredClone(one) as { timepoints: { lesions: { longAxisMm: number }[] }[] };
    bad.timepoints[1]!.lesions[0]!.longAxisMm = -1;
    const result = run(['-'], JSON.stringify(bad));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('$.timepoints[1].lesions[0].longAxisMm');
  });

  it('unreadable file and invalid JSON: clear message, exit 2', () => {
    const missing = run([join(dir, 'nope.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    const broken = run([file('broken.json', '{ "patientId": ')]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('not valid JSON');
    expect(broken.stdout).toBe('');
  });
});
