/**
 * What a viewport element offers tests and tools outside React: where a patient-coordinate point is
 * on screen, and the calipers it shows. End-to-end tests place mouse drags from ground-truth
 * coordinates with it. A file of its own: the stack viewer and the measurement layer both write it,
 * and neither may import the other (the viewer import circle).
 */
export interface ViewportElementProbe {
  /** Null while the viewport shows no image (a series just chosen, its first slice not yet drawn). */
  nadirWorldToClient?: (point: [number, number, number]) => [number, number] | null;
  /** The shown measurements' caliper end points (long axis, then short axis), in patient coordinates */
  nadirCalipers?: () => { key: string; points: [number, number, number][] }[];
}
