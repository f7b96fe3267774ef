import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, type EngineOptions } from '../../domain/options';
import type { OverallResponse } from '../../domain/result';
import { assessOne, patient, target } from '../../testing/builders';
import { bestOverallResponse, type ResponseAt } from './bor';

const seq = (...items: (readonly [number, OverallResponse])[]): ResponseAt[] => items.map(([day, response], index) => ({ id: `FU${index + 1}`, day, response }));
const confirm: EngineOptions = { ...DEFAULT_OPTIONS, requireConfirmation: true };

describe('best overall response (BOR-1..4)', () => {
  it.each([
    ['BOR-1 SD, PR, PD → PR', seq([56, 'SD'], [112, 'PR'], [168, 'PD']), DEFAULT_OPTIONS, 'PR'],
    ['BOR-1 CR beats PR', seq([56, 'PR'], [112, 'CR']), DEFAULT_OPTIONS, 'CR'],
    ['BOR-1 CR/PR need no minimum duration', seq([20, 'PR']), DEFAULT_OPTIONS, 'PR'],
    ['BOR-2 SD at day 42 (inclusive) counts', seq([42, 'SD']), DEFAULT_OPTIONS, 'SD'],
    ['BOR-2 SD at day 41 then nothing → NE', seq([41, 'SD']), DEFAULT_OPTIONS, 'NE'],
    ['BOR-2 R11: SD too early, then PD → PD', seq([35, 'SD'], [70, 'PD']), DEFAULT_OPTIONS, 'PD'],
    ['BOR-2 R11: SD too early, then lost to follow-up → NE', seq([35, 'SD'], [70, 'NE']), DEFAULT_OPTIONS, 'NE'],
    ['BOR-2 minSdDurationDays is an option', seq([35, 'SD']), { ...DEFAULT_OPTIONS, minSdDurationDays: 28 }, 'SD'],
    ['BOR-4 only NE → NE', seq([56, 'NE']), DEFAULT_OPTIONS, 'NE'],
    ['BOR-4 PD first → PD', seq([56, 'PD']), DEFAULT_OPTIONS, 'PD'],
    ['BOR-1 NonCR/NonPD ranks with SD', seq([56, 'NonCR/NonPD'], [112, 'PD']), DEFAULT_OPTIONS, 'NonCR/NonPD'],
  ])('%s', (_name, sequence, options, expected) => {
    expect(bestOverallResponse(sequence, options, false).category).toBe(expected);
  });

  it.each([
    ['BOR-3 Table 3: CR, CR (28 days later) → CR', seq([56, 'CR'], [84, 'CR']), 'CR'],
    ['BOR-3 CR, CR 27 days later → unconfirmed → SD', seq([56, 'CR'], [83, 'CR']), 'SD'],
    ['BOR-3 CR, CR 27 days, CR 56 days later → CR', seq([56, 'CR'], [83, 'CR'], [112, 'CR']), 'CR'],
    ['BOR-3 Table 3: PR, PR → PR', seq([56, 'PR'], [84, 'PR']), 'PR'],
    ['BOR-3 Table 3: PR, CR → PR', seq([56, 'PR'], [84, 'CR']), 'PR'],
    ['BOR-3 Table 3: PR, SD → SD', seq([56, 'PR'], [84, 'SD']), 'SD'],
    ['BOR-3 Table 3: CR, PR → SD (neither confirmed)', seq([56, 'CR'], [84, 'PR']), 'SD'],
    ['BOR-3 Table 3: PR, PD with duration met → SD', seq([49, 'PR'], [84, 'PD']), 'SD'],
    ['BOR-3 Table 3: PR, PD without duration → PD', seq([28, 'PR'], [56, 'PD']), 'PD'],
    ['BOR-3 Table 3: CR, NE with duration met → SD', seq([56, 'CR'], [84, 'NE']), 'SD'],
    ['BOR-3 Table 3: CR, NE without duration → NE', seq([28, 'CR'], [56, 'NE']), 'NE'],
    ['BOR-3 an intervening NE is skipped: PR, NE, PR → PR', seq([56, 'PR'], [70, 'NE'], [112, 'PR']), 'PR'],
    ['BOR-3 an intervening SD breaks it: PR, SD, PR → SD', seq([56, 'PR'], [84, 'SD'], [112, 'PR']), 'SD'],
    ['BOR-3 Table 3: NE, NE → NE', seq([56, 'NE'], [112, 'NE']), 'NE'],
  ])('%s', (_name, sequence, expected) => {
    expect(bestOverallResponse(sequence, confirm, false).category).toBe(expected);
  });

  it('BOR-3 an unconfirmed response of non-target-only disease counts as NonCR/NonPD', () => {
    expect(bestOverallResponse(seq([56, 'CR']), confirm, true).category).toBe('NonCR/NonPD');
  });
});

describe('G-6 evaluation stops at the first PD', () => {
  it('G-6 later timepoints are reported, flagged, and ignored by BOR', () => {
    const result = assessOne(
      patient([[0, [target('L1', 30)]], [20, [target('L1', 40)]], [56, [target('L1', 0)]], [112, [target('L1', 0)]]], { criteria: ['RECIST1.1'] }),
      'RECIST1.1',
    );
    expect(result.timepoints.map((tp) => tp.overallResponse)).toEqual(['PD', 'CR', 'CR']);
    expect(result.timepoints.map((tp) => tp.afterProgression)).toEqual([false, true, true]);
    expect(result.bestOverallResponse).toBe('PD');
  });
});
