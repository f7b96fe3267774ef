import { describe, expect, it } from 'vitest';
import { assessRead } from './engine';

const lesion = (id: string, longAxisMm: number, extra: Record<string, unknown> = {}) => ({ id, organ: 'liver', role: 'target', status: 'present', longAxisMm, shortAxisMm: longAxisMm / 2, enhancingLongAxisMm: longAxisMm, enhancingShortAxisMm: longAxisMm / 2, meanHU: 80, ...extra });
const patient = (followUpExtra: Record<string, unknown>) => ({
  patientId: 'P',
  timepoints: [
    { id: 'BL', date: '2024-01-10', lesions: [lesion('L1', 40)] },
    { id: 'FU1', date: '2024-04-10', lesions: [lesion('L1', 20, followUpExtra)] },
  ],
});

describe('assessRead: each criterion on its own', () => {
  it.each([
    ['a valid read assesses every criterion', {}, [], ['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'Choi', 'iRECIST']],
    ['an impossible mean HU blocks Choi only', { meanHU: 20_000 }, ['Choi'], ['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'iRECIST']],
    ['an impossible viable axis blocks EASL and mRECIST only', { enhancingLongAxisMm: -3 }, ['EASL', 'mRECIST'], ['RECIST1.1', 'WHO', 'Choi', 'iRECIST']],
  ])('%s', (_name, extra, blocked, assessed) => {
    const reply = assessRead(patient(extra));
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.problems.flatMap((problem) => problem.criteria)).toEqual(blocked);
    expect(Object.keys(reply.output.criteria).sort()).toEqual([...assessed].sort());
    if (blocked.length > 0) expect(reply.problems[0]!.path).toMatch(/^\$\.timepoints\[1\]\.lesions\[0\]\./);
  });

  it('a problem every criterion shares (an impossible long axis) blocks them all, and says which', () => {
    const reply = assessRead(patient({ longAxisMm: -1 }));
    expect(reply.ok).toBe(false);
    expect(reply.problems[0]!.criteria).toHaveLength(6);
  });

  it('leaves the caller input untouched', () => {
    const input = patient({ meanHU: 20_000 });
    assessRead(input);
    expect(input.timepoints[1]!.lesions[0]!.meanHU).toBe(20_000);
  });
});
