import type { PrimaryMode } from '../../viewer/interactionTools';

/** The read's keys, one table: what each key does while reading (the viewer's own keys are in ui/viewer/keyboard.ts). */
export type ReadKeyAction =
  | { kind: 'mode'; mode: PrimaryMode }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'nextLesion'; step: 1 | -1 }
  /** the next lesion not yet measured at the follow-up shown (the baseline when alone) */
  | { kind: 'nextUnmeasured' }
  | { kind: 'carryForward' };

export interface KeyStroke {
  key: string;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
}

const plain: Record<string, ReadKeyAction> = {
  b: { kind: 'mode', mode: 'whole' },
  e: { kind: 'mode', mode: 'enhancing' },
  h: { kind: 'mode', mode: 'density' },
  m: { kind: 'mode', mode: 'click' },
  w: { kind: 'mode', mode: 'windowLevel' },
  escape: { kind: 'mode', mode: 'windowLevel' },
  n: { kind: 'nextLesion', step: 1 },
  p: { kind: 'nextLesion', step: -1 },
  u: { kind: 'nextUnmeasured' },
  f: { kind: 'carryForward' },
};

export function readKeyAction({ key, ctrl, shift, alt }: KeyStroke): ReadKeyAction | null {
  const lower = key.toLowerCase();
  if (ctrl && lower === 'z') return shift ? { kind: 'redo' } : { kind: 'undo' };
  if (ctrl && lower === 'y') return { kind: 'redo' };
  if (ctrl || alt) return null;
  return plain[lower] ?? null;
}
