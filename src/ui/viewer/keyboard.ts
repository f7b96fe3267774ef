import type { WindowPresetName } from '../../viewer/presets';

export type ViewerKeyAction =
  | { kind: 'scroll'; delta: number }
  | { kind: 'first' }
  | { kind: 'last' }
  | { kind: 'preset'; preset: WindowPresetName }
  | { kind: 'resetView' }
  | { kind: 'cine' };

const PAGE_STEP = 10;
const presetKeys: Record<string, WindowPresetName> = { '1': 'liver', '2': 'abdomen', '3': 'lung', '4': 'bone' };

/**
 * The reading keys: arrows step one slice, PageUp/PageDown ten, Home/End the ends, 1-4 presets, R
 * resets zoom and pan, C starts or stops cine. "Next" (↓, PageDown) is toward the feet on an axial
 * series: the slices are in reading order (sortSlices).
 */
export function viewerKeyAction(key: string): ViewerKeyAction | null {
  switch (key) {
    case 'ArrowUp':
    case 'ArrowLeft':
      return { kind: 'scroll', delta: -1 };
    case 'ArrowDown':
    case 'ArrowRight':
      return { kind: 'scroll', delta: 1 };
    case 'PageUp':
      return { kind: 'scroll', delta: -PAGE_STEP };
    case 'PageDown':
      return { kind: 'scroll', delta: PAGE_STEP };
    case 'Home':
      return { kind: 'first' };
    case 'End':
      return { kind: 'last' };
    case 'r':
    case 'R':
      return { kind: 'resetView' };
    case 'c':
    case 'C':
      return { kind: 'cine' };
    default: {
      const preset = presetKeys[key];
      return preset ? { kind: 'preset', preset } : null;
    }
  }
}
