/** Window/level presets in Hounsfield units (centre, width), as radiologists set them for CT. */
export const windowPresets = {
  liver: { label: 'Liver', windowCenter: 90, windowWidth: 150 },
  abdomen: { label: 'Abdomen', windowCenter: 40, windowWidth: 400 },
  lung: { label: 'Lung', windowCenter: -600, windowWidth: 1500 },
  bone: { label: 'Bone', windowCenter: 480, windowWidth: 2500 },
} as const;

export type WindowPresetName = keyof typeof windowPresets;

export interface VoiWindow {
  windowCenter: number;
  windowWidth: number;
}

export function voiRangeOf(window: VoiWindow): { lower: number; upper: number } {
  return { lower: window.windowCenter - window.windowWidth / 2, upper: window.windowCenter + window.windowWidth / 2 };
}

export function windowOf(range: { lower: number; upper: number }): VoiWindow {
  return { windowCenter: (range.lower + range.upper) / 2, windowWidth: range.upper - range.lower };
}
