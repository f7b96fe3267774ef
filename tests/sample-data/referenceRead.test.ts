import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessRead } from '../../workers/engine';
import { parseReadFile } from '../../workers/read/readFile';
import { toExchangeInput } from '../../workers/read/toExchangeInput';
import { REFERENCE_READ_FILE } from '../../scripts/sample-data/referenceRead';

// The phantom's reference read is made by the generator from the ground truth; quiz mode compares a
// learner with it, so it must be a valid read file that the engine turns into the hand-worked answer.
const phantom = new URL('../../sample-data/phantom-net-01/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected-responses.json', phantom), 'utf8')) as {
  criteria: Record<string, { timepoints: { id: string; overallResponse: string; targetResponse: string }[]; bestOverallResponse: string }>;
};
const parsed = parseReadFile(readFileSync(new URL(REFERENCE_READ_FILE, phantom), 'utf8'));

describe('the phantom reference read', () => {
  it('is a read file the app imports', () => {
    expect(parsed.ok ? 'ok' : parsed.message).toBe('ok');
  });

  it('holds the six lesions of the design with their roles', () => {
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.read.lesions.map((lesion) => `${lesion.label} ${lesion.role}`)).toEqual(['L1 target', 'L2 target', 'N1 target', 'L3 nontarget', 'L4 nontarget', 'NL1 new']);
  });

  it.each(Object.keys(expected.criteria))('%s: the engine gives the hand-worked responses from it', (criterion) => {
    if (!parsed.ok) throw new Error(parsed.message);
    const reply = assessRead(toExchangeInput(parsed.read));
    if (!reply.ok) throw new Error(JSON.stringify(reply.problems));
    const result = reply.output.criteria[criterion as keyof typeof reply.output.criteria];
    const wanted = expected.criteria[criterion]!;
    expect(result?.timepoints.map((timepoint) => `${timepoint.id} ${timepoint.overallResponse}`)).toEqual(wanted.timepoints.map((timepoint) => `${timepoint.id} ${timepoint.overallResponse}`));
    expect(result?.bestOverallResponse).toBe(wanted.bestOverallResponse);
  });
});

describe('sample descriptions', () => {
  // The start screen is where a learner begins a quiz: it names what was imaged, never the verdict.
  const answers = /\b(CR|PR|SD|PD|iUPD|stable|partial|complete response|progress\w*|disease)\b/i;
  const samples = readdirSync(phantom, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  it.each(samples.map((entry) => entry.name))('%s does not give the answer', (folder) => {
    const sample = JSON.parse(readFileSync(new URL(`${folder}/sample.json`, phantom), 'utf8')) as { title: string; description: string };
    expect(`${sample.title} ${sample.description}`).not.toMatch(answers);
  });
});
