import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { CampaignReport } from '../../scripts/fuzz/fuzz';

/**
 * A short seeded fuzz campaign (scripts/fuzz): a few hundred mutants of the corpus through every
 * reader, each in a worker thread with a 2 s and 1 GB budget. The long one is `npm run fuzz -- --count 10000`.
 */
describe('fuzz campaign (short, seeded)', () => {
  it('lets no exception escape, no input hang past 2 s or exceed 1 GB, and no JavaScript error text reach a message', () => {
    const stdout = execFileSync('npx', ['tsx', 'scripts/fuzz/fuzz.ts', '--count', '250', '--seed', '2026', '--json'], { encoding: 'utf8', timeout: 280_000 });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as CampaignReport;
    expect(report.inputs).toBe(250);
    expect({ escaped: report.escapedExceptions, hangs: report.hangs, overMemory: report.overMemory, rawErrorTexts: report.rawErrorTexts, examples: report.examples }).toEqual({
      escaped: 0,
      hangs: 0,
      overMemory: 0,
      rawErrorTexts: 0,
      examples: report.examples.filter((line) => line.startsWith('quick header path')),
    });
  }, 300_000);
});
