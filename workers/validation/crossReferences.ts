import { dayNumber } from '../domain/dates';
import type { LesionInput, PatientInput, TimepointInput } from '../domain/input';
import type { Problem } from '../domain/result';
import { jsonPath } from './jsonPath';

/**
 * Checks zod cannot express: ids, roles, split/merge references, calendar dates and their order.
 * Every problem carries the JSON path of the offending value.
 */

type Report = (segments: readonly PropertyKey[], message: string) => void;

function checkDates(timepoints: readonly TimepointInput[], report: Report): void {
  let previous: { day: number; date: string } | null = null;
  timepoints.forEach((tp, index) => {
    const day = dayNumber(tp.date);
    if (day === null) {
      report(['timepoints', index, 'date'], `"${tp.date}" is not a calendar date (YYYY-MM-DD)`);
      return;
    }
    if (previous !== null && day <= previous.day) {
      report(['timepoints', index, 'date'], `date ${tp.date} is not after the previous timepoint's ${previous.date} (G-1: chronological order)`);
    }
    previous = { day, date: tp.date };
  });
}

function checkUniqueIds(timepoints: readonly TimepointInput[], report: Report): void {
  const timepointIds = new Set<string>();
  timepoints.forEach((tp, index) => {
    if (timepointIds.has(tp.id)) report(['timepoints', index, 'id'], `duplicate timepoint id "${tp.id}"`);
    timepointIds.add(tp.id);
    const lesionIds = new Set<string>();
    tp.lesions.forEach((lesion, lesionIndex) => {
      if (lesionIds.has(lesion.id)) report(['timepoints', index, 'lesions', lesionIndex, 'id'], `duplicate lesion id "${lesion.id}" in timepoint "${tp.id}"`);
      lesionIds.add(lesion.id);
    });
  });
}

function checkBaselineLesion(lesion: LesionInput, at: readonly PropertyKey[], report: Report): void {
  if (lesion.role === 'new') report([...at, 'role'], 'role "new" is not allowed at baseline (G-1: new lesions appear only at follow-up)');
  if (lesion.status === 'split' || lesion.status === 'merged' || lesion.status === 'unequivocalProgression') {
    report([...at, 'status'], `status "${lesion.status}" is not allowed at baseline`);
  }
  if (lesion.splitFrom != null) report([...at, 'splitFrom'], 'splitFrom is not allowed at baseline');
  if (lesion.mergedInto != null) report([...at, 'mergedInto'], 'mergedInto is not allowed at baseline');
}

function checkMerge(lesion: LesionInput, lesions: readonly LesionInput[], at: readonly PropertyKey[], report: Report): void {
  const merged = lesion.status === 'merged';
  if (merged && lesion.mergedInto == null) {
    report([...at, 'mergedInto'], 'status "merged" needs mergedInto naming the lesion that carries the merged measurement (R-MEAS-5)');
  }
  if (lesion.mergedInto == null) return;
  if (!merged) report([...at, 'status'], 'mergedInto is set, so status must be "merged" (R-MEAS-5)');
  const survivor = lesions.find((other) => other.id === lesion.mergedInto);
  if (survivor === undefined || survivor.id === lesion.id) {
    report([...at, 'mergedInto'], `mergedInto "${lesion.mergedInto}" does not name another lesion of this timepoint`);
  } else if (survivor.status === 'merged') {
    report([...at, 'mergedInto'], `mergedInto "${lesion.mergedInto}" is itself merged; name the surviving lesion`);
  } else if (survivor.role !== lesion.role) {
    report([...at, 'mergedInto'], `mergedInto "${lesion.mergedInto}" has role "${survivor.role}", not "${lesion.role}"`);
  }
}

function checkSplitParent(lesion: LesionInput, lesions: readonly LesionInput[], at: readonly PropertyKey[], report: Report): void {
  if (lesion.status !== 'split') return;
  if (lesion.role === 'new') report([...at, 'status'], 'a new lesion cannot be split; record its fragments as new lesions');
  if (!lesions.some((other) => other.splitFrom === lesion.id)) {
    report([...at, 'status'], `status "split" but no lesion of this timepoint has splitFrom "${lesion.id}" (R-MEAS-4)`);
  }
}

function checkFollowUpLesion(
  lesion: LesionInput,
  lesions: readonly LesionInput[],
  baselineRoles: ReadonlyMap<string, LesionInput['role']>,
  at: readonly PropertyKey[],
  report: Report,
): void {
  if (lesion.splitFrom != null) {
    const parentRole = baselineRoles.get(lesion.splitFrom);
    if (parentRole === undefined) report([...at, 'splitFrom'], `splitFrom "${lesion.splitFrom}" does not name a baseline lesion`);
    else if (parentRole !== lesion.role) report([...at, 'role'], `a fragment carries its parent's role "${parentRole}" (R-MEAS-4)`);
    if (baselineRoles.has(lesion.id)) report([...at, 'id'], `fragment id "${lesion.id}" is already a baseline lesion id`);
    if (lesion.status === 'split') report([...at, 'status'], 'a fragment cannot itself be split');
    const parent = lesions.find((other) => other.id === lesion.splitFrom);
    if (parent !== undefined && parent.status !== 'split') {
      report([...at, 'splitFrom'], `parent "${lesion.splitFrom}" is listed with status "${parent.status ?? 'present'}", not "split"`);
    }
  } else if (lesion.role === 'new') {
    if (baselineRoles.has(lesion.id)) report([...at, 'id'], `new lesion id "${lesion.id}" is a baseline lesion id; a lesion keeps its id and role (G-1)`);
  } else {
    const baselineRole = baselineRoles.get(lesion.id);
    if (baselineRole === undefined) report([...at, 'id'], `lesion "${lesion.id}" was never defined at baseline (G-1)`);
    else if (baselineRole !== lesion.role) report([...at, 'role'], `lesion "${lesion.id}" was a ${baselineRole} at baseline, not a ${lesion.role} (G-1)`);
  }
  if (lesion.role === 'target' && lesion.status === 'unequivocalProgression') {
    report([...at, 'status'], 'status "unequivocalProgression" applies to non-target and new lesions; measure target lesions');
  }
  checkSplitParent(lesion, lesions, at, report);
  checkMerge(lesion, lesions, at, report);
}

export function checkCrossReferences(input: PatientInput, prefix: string): Problem[] {
  const problems: Problem[] = [];
  const report: Report = (segments, message) => problems.push({ path: jsonPath(prefix, segments), message });
  checkDates(input.timepoints, report);
  checkUniqueIds(input.timepoints, report);
  const baselineRoles = new Map<string, LesionInput['role']>();
  input.timepoints.forEach((tp, tpIndex) => {
    tp.lesions.forEach((lesion, lesionIndex) => {
      const at = ['timepoints', tpIndex, 'lesions', lesionIndex] as const;
      if (tpIndex === 0) {
        checkBaselineLesion(lesion, at, report);
        baselineRoles.set(lesion.id, lesion.role);
      } else {
        checkFollowUpLesion(lesion, tp.lesions, baselineRoles, at, report);
      }
    });
  });
  return problems;
}
