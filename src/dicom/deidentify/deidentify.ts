import { resealed } from './reseal';
import type { FileProblem } from '../fileProblems';
import { shiftDa, shiftDt } from './dates';
import { dictionaryVr, groupOf, parseDicomTree, tagHex, textBytes, textElement, textOf, writeDicomTree, type Element } from './elementTree';
import { runKeys } from './keys';
import { IDENTIFYING_GROUPS, METHOD_CODES, METHOD_TEXT, PROFILE, type ActionCode } from './profile';

/**
 * De-identification of one DICOM file after PS3.15 Annex E, Basic Application Level Confidentiality
 * Profile with the Retain Longitudinal Temporal Information with Modified Dates Option. Pure (bytes in,
 * bytes out), for the command line (scripts/deidentify.ts) and the browser alike. What is acted upon by
 * name and what by rule: ./profile.ts.
 */

export interface DeidentifyOptions {
  /** derives every new UID, pseudonym and date offset; the same secret gives the same output */
  secret: string;
  /** one offset in days for every patient instead of the derived per-patient one (must not be 0) */
  dateOffsetDays?: number;
}

export type FileOutcome =
  | {
      kind: 'written';
      bytes: Uint8Array;
      /** Burned In Annotation (0028,0301) is YES: the pixels may show identifiers this tool does not touch */
      burnedInAnnotation: boolean;
      /** an SR whose content tree is kept: its free-text items are not reviewed */
      structuredContentKept: boolean;
      /** the pseudonymous patient ID written */
      patientId: string;
      dateOffsetDays: number;
    }
  | { kind: 'skipped'; problem: FileProblem };

export interface Deidentifier {
  file(bytes: Uint8Array): FileOutcome;
  /** every UID replaced so far in this run, original → new */
  readonly uidMap: ReadonlyMap<string, string>;
}

const DICOM_REGISTRY_ROOT = '1.2.840.10008.';
const SR_CLASS_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';
const MARKING_TAGS = new Set([0x00120062, 0x00120063, 0x00120064, 0x00280303]);
const TEXT_VRS = new Set(['AE', 'AS', 'CS', 'DS', 'IS', 'LO', 'LT', 'SH', 'ST', 'UC', 'UT', 'UR']);

interface PatientContext {
  pseudonym: string;
  offsetDays: number;
}

/** The action for an element, from the table or, for what the table does not list, by rule. */
export function actionFor(tag: number, vr: string, value: string): ActionCode {
  const group = groupOf(tag);
  if (group % 2 === 1) return 'X'; // private groups, their creators included
  if ((tag & 0xffff) === 0 && group !== 0x0002) return 'X'; // group lengths: wrong once values change
  if ((group & 0xff00) === 0x5000 || (group & 0xff00) === 0x6000) return 'X'; // curves, overlays
  const row = PROFILE[tagHex(tag)];
  if (row) return row.action;
  if (IDENTIFYING_GROUPS.has(group)) return 'X';
  if (vr === 'UN') return 'X';
  if (vr === 'PN') return 'Z';
  if (vr === 'UI') return value.startsWith(DICOM_REGISTRY_ROOT) || value === '' ? 'K' : 'U';
  if (vr === 'DA' || vr === 'DT') return 'C';
  return 'K';
}

function dummyFor(tag: number, vr: string, patient: PatientContext): string {
  if (tag === 0x00100010) return `ANON^${patient.pseudonym}`;
  if (tag === 0x00100020) return `ANON-${patient.pseudonym}`;
  // with a component separator: a PN without one reads as the retired free-text form (dciodvfy warns)
  if (vr === 'PN') return 'ANON^PERSON';
  return TEXT_VRS.has(vr) ? 'REMOVED' : '';
}

/**
 * The VR that decides the action: the one read, or for a standard attribute written as UN (explicit VR
 * files from tools that did not know it) the dictionary's, so that a UN name or UID is still acted upon.
 */
const meaningfulVr = (element: Element): string => (element.vr === 'UN' ? dictionaryVr(element.tag) : element.vr);

function withText(element: Element & { kind: 'value' }, value: string): Element {
  return { ...element, bytes: textBytes(value, meaningfulVr(element)) };
}

function shifted(element: Element & { kind: 'value' }, offsetDays: number): Element {
  const value = textOf(element);
  const vr = meaningfulVr(element);
  const result = vr === 'DT' ? shiftDt(value, offsetDays) : vr === 'DA' ? shiftDa(value, offsetDays) : value;
  return withText(element, result ?? '');
}

function createFileDeidentifier(options: DeidentifyOptions, uidMap: Map<string, string>) {
  const keys = runKeys(options.secret);
  const newUid = (original: string): string => {
    const known = uidMap.get(original);
    if (known) return known;
    const uid = keys.uid(original);
    uidMap.set(original, uid);
    return uid;
  };

  const replaceUids = (element: Element & { kind: 'value' }): Element => {
    const values = textOf(element).split('\\');
    return withText(element, values.map((value) => (value.trim() === '' ? '' : newUid(value.trim()))).join('\\'));
  };

  const cleanElements = (elements: readonly Element[], patient: PatientContext): Element[] =>
    elements.flatMap((element) => {
      const action = actionFor(element.tag, meaningfulVr(element), element.kind === 'value' ? textOf(element) : '');
      return action === 'X' ? [] : [cleanElement(element, action, patient)];
    });

  const cleanElement = (element: Element, action: Exclude<ActionCode, 'X'>, patient: PatientContext): Element => {
    if (element.kind === 'encapsulated') return element; // pixel data: untouched
    if (element.kind === 'sequence') {
      if (action === 'Z') return { ...element, items: [] };
      // K, C, D and U on a sequence: every item is cleaned by the same table and rules, at any depth
      return { ...element, items: element.items.map((item) => cleanElements(item, patient)) };
    }
    switch (action) {
      case 'K':
        return element;
      case 'Z':
        return { ...element, bytes: new Uint8Array(0) };
      case 'D':
        return withText(element, dummyFor(element.tag, meaningfulVr(element), patient));
      case 'U':
        return replaceUids(element);
      case 'C':
        return shifted(element, patient.offsetDays);
    }
  };

  const marking = (): Element[] => [
    textElement(0x00120062, 'CS', 'YES'),
    textElement(0x00120063, 'LO', METHOD_TEXT),
    {
      kind: 'sequence',
      tag: 0x00120064,
      vr: 'SQ',
      items: METHOD_CODES.map((code) => [
        textElement(0x00080100, 'SH', code.value),
        textElement(0x00080102, 'SH', 'DCM'),
        textElement(0x00080104, 'LO', code.meaning),
      ]),
    },
    textElement(0x00280303, 'CS', 'MODIFIED'),
  ];

  return (bytes: Uint8Array): FileOutcome => {
    const tree = parseDicomTree(bytes);
    if ('code' in tree) return { kind: 'skipped', problem: tree };
    const top = (tag: number) => tree.dataSet.find((element) => element.tag === tag);
    const topText = (tag: number) => {
      const element = top(tag);
      return element ? textOf(element) : '';
    };
    // one patient, one key: the same ID and name in another file of the run get the same pseudonym and offset
    const patientKey = `${topText(0x00100020)}\u0000${topText(0x00100010)}`;
    const patient: PatientContext = {
      pseudonym: keys.pseudonym(patientKey),
      offsetDays: options.dateOffsetDays ?? keys.dateOffsetDays(patientKey),
    };
    const dataSet = [...cleanElements(tree.dataSet, patient).filter((element) => !MARKING_TAGS.has(element.tag)), ...marking()];
    const meta = cleanElements(tree.meta, patient);
    const written = writeDicomTree({ ...tree, meta, dataSet });
    const structuredContentKept = topText(0x00080016).startsWith(SR_CLASS_PREFIX) && top(0x0040a730) !== undefined;
    return {
      kind: 'written',
      bytes: structuredContentKept ? resealed(written) : written,
      burnedInAnnotation: topText(0x00280301).toUpperCase() === 'YES',
      structuredContentKept,
      patientId: `ANON-${patient.pseudonym}`,
      dateOffsetDays: patient.offsetDays,
    };
  };
}

/** A de-identifier for one run: UIDs, pseudonyms and date offsets stay consistent across its files. */
export function createDeidentifier(options: DeidentifyOptions): Deidentifier {
  if (options.dateOffsetDays !== undefined && (!Number.isInteger(options.dateOffsetDays) || options.dateOffsetDays === 0)) {
    throw new RangeError('the date offset must be a whole, non-zero number of days');
  }
  const uidMap = new Map<string, string>();
  const deidentify = createFileDeidentifier(options, uidMap);
  // one odd file must never end a run: whatever this code did not foresee is that file's problem, named
  const file = (bytes: Uint8Array): FileOutcome => {
    try {
      return deidentify(bytes);
    } catch (error) {
      return { kind: 'skipped', problem: { code: 'malformed', detail: `it could not be de-identified (${error instanceof Error ? error.message : String(error)})` } };
    }
  };
  return { file, uidMap };
}
