import type { LesionDefinition, ReadSession } from '../../workers/read/model';
import { isLymphNodeSite } from '../../workers/read/organs';

/** Label prefixes follow the lesion's type: N for a lymph node, NL for a new lesion, L otherwise. */
export function labelPrefix(role: LesionDefinition['role'], isLymphNode: boolean): string {
  if (role === 'new') return 'NL';
  return isLymphNode ? 'N' : 'L';
}

/** The next free label of a prefix: L1, L2…; N1…; NL1… */
export function nextLabel(session: ReadSession, role: LesionDefinition['role'], isLymphNode = false): string {
  const prefix = labelPrefix(role, isLymphNode);
  const taken = new Set(session.lesions.map((lesion) => lesion.label));
  let index = 1;
  while (taken.has(`${prefix}${index}`)) index += 1;
  return `${prefix}${index}`;
}

const AUTOMATIC_LABEL = /^(L|N|NL)\d+$/;

/**
 * The label a lesion takes when its site changes: an automatic label follows the type (L2 becomes
 * N1 on a lymph node site); a label the reader wrote is kept.
 */
export function labelForSite(session: ReadSession, lesion: LesionDefinition, organ: string): string {
  const isNode = isLymphNodeSite(organ);
  if (!AUTOMATIC_LABEL.test(lesion.label) || labelPrefix(lesion.role, isNode) === labelPrefix(lesion.role, lesion.isLymphNode)) return lesion.label;
  return nextLabel({ ...session, lesions: session.lesions.filter((other) => other.id !== lesion.id) }, lesion.role, isNode);
}

export function newLesion(session: ReadSession, id: string, studyUid: string, role: LesionDefinition['role'], organ: string): LesionDefinition {
  const isLymphNode = isLymphNodeSite(organ);
  return { id, label: nextLabel(session, role, isLymphNode), role, organ, isLymphNode, firstStudyUid: studyUid, splitFrom: null };
}
