/**
 * Click-to-measure's mean HU for Choi (docs/measurement.md, M-SEG-6; docs/criteria.md, C-2): the
 * lesion region's mean, proposed as the lesion's `meanHU` only where Choi would read it.
 */
export type ProposedDensity =
  /** `seriesDescription`: the series measured on, when not the one clicked (the study's portal venous series) */
  | { readonly kind: 'measured'; readonly meanHU: number; readonly seriesDescription?: string }
  | { readonly kind: 'notProposed'; readonly reason: DensityRefusal };

/** Why a click proposes no mean HU: a closed set, each with its sentence in `DENSITY_REFUSAL_TEXT`. */
export type DensityRefusal = 'notHounsfield' | 'arterialPhase' | 'notOnPortalSeries';

export const DENSITY_REFUSAL_TEXT: Record<DensityRefusal, string> = {
  notHounsfield: 'no mean HU: this image is not a CT calibrated in HU',
  // Choi et al. 2007 (J Clin Oncol 25:1753) measured attenuation on portal venous phase images.
  arterialPhase: 'no mean HU: Choi reads attenuation on the portal venous phase; this series is arterial and the study has no portal venous series through this point',
  notOnPortalSeries: 'no mean HU: the portal venous slice through this point could not be read',
};

/** A series description naming the arterial phase ("ART", "ARTERIAL", "arterielle", "HAP"). */
const ARTERIAL = /\b(art(erial|erielle|eriell)?|hap)\b/i;
/** A series description naming the portal venous phase ("PORTAL VENOUS", "PV", "portalvenös"). */
const PORTAL = /\b(portal\w*|pvp?|venous)\b/i;

/** Where Choi reads attenuation (Choi 2007): a CT series named for the portal venous phase and not the arterial one. */
export const namesPortalPhase = (seriesDescription: string) => PORTAL.test(seriesDescription) && !ARTERIAL.test(seriesDescription);

type DensityImage = { modality: string; densityCalibrated: boolean; seriesDescription: string };

/** Why the clicked image itself gives no mean HU for Choi, or null when it does. */
export function densityRefusal(image: DensityImage): DensityRefusal | null {
  if (image.modality !== 'CT' || !image.densityCalibrated) return 'notHounsfield';
  return ARTERIAL.test(image.seriesDescription) ? 'arterialPhase' : null;
}

export function proposedDensity(image: DensityImage, meanLevel: number): ProposedDensity {
  const reason = Number.isFinite(meanLevel) ? densityRefusal(image) : 'notHounsfield';
  return reason ? { kind: 'notProposed', reason } : { kind: 'measured', meanHU: meanLevel };
}
