import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessRead } from '../../workers/engine';
import { toExchangeInput } from '../../workers/read/toExchangeInput';
import { dciodvfy, dsrdump } from '../dicomValidators';
import { phantomReference } from '../fixtures/phantomReference';
import { phantomReferenceSrFiles } from '../pacs/fixtures';

// The phantom's reference read is made by the generator from the ground truth and ships as DICOM SR
// marked as the case's reference; quiz mode compares a learner with it, so it must read back as a
// valid read that the engine turns into the hand-worked answer.
const phantom = new URL('../../sample-data/phantom-net-01/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected-responses.json', phantom), 'utf8')) as {
  criteria: Record<string, { timepoints: { id: string; overallResponse: string; targetResponse: string }[]; bestOverallResponse: string }>;
};
const parsed = (() => {
  try {
    return { ok: true as const, read: phantomReference() };
  } catch (error) {
    return { ok: false as const, message: String(error) };
  }
})();

describe('the phantom reference read', () => {
  it('is one SR per CT timepoint, marked as the reference, that the app reads back', () => {
    expect(phantomReferenceSrFiles().map((path) => path.split('/').at(-1))).toEqual(['reference-BL.dcm', 'reference-FU1.dcm', 'reference-FU2.dcm']);
    expect(parsed.ok ? 'ok' : parsed.message).toBe('ok');
  });

  it.each(['BL', 'FU1', 'FU2'])('%s passes dciodvfy with 0 errors and dsrdump reads it as a reference', (timepoint) => {
    const path = phantomReferenceSrFiles().find((file) => file.endsWith(`reference-${timepoint}.dcm`))!;
    expect(dciodvfy(path).errors).toEqual([]);
    const dump = dsrdump(path);
    expect(dump.status).toBe(0);
    expect(dump.stdout).toContain('(REFERENCE-READ,99NADIR,"Reference read of a teaching case")');
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
  it('sample-data/README.md describes the phantom without its verdicts', () => {
    const readme = readFileSync(new URL('../../sample-data/README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## `phantom-net-01/`'));
    expect(section).not.toMatch(/\b(CR|PR|SD|PD|iUPD|iCPD)\b/);
    expect(section).not.toMatch(/\b(stable disease|partial response|complete response|progressive disease|progression)\b/i);
  });

  // The start screen is where a learner begins a quiz: it names what was imaged, never the verdict.
  const answers = /\b(CR|PR|SD|PD|iUPD|stable|partial|complete response|progress\w*|disease)\b/i;
  const samples = readdirSync(phantom, { withFileTypes: true }).filter((entry) => entry.isDirectory() && existsSync(new URL(`${entry.name}/sample.json`, phantom)));
  it.each(samples.map((entry) => entry.name))('%s does not give the answer', (folder) => {
    const sample = JSON.parse(readFileSync(new URL(`${folder}/sample.json`, phantom), 'utf8')) as { title: string; description: string };
    expect(`${sample.title} ${sample.description}`).not.toMatch(answers);
  });
});
