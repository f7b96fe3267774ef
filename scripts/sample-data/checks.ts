// Design checks run before any image is made: every viable part lies inside its lesion, and every
// lesion is surrounded by a band of its host tissue (liver, or retroperitoneal fat for the node), so
// that the lesion's edges in the images are exactly the designed ones and a measurement can find them.
import type { LesionDesign, StudyDesign } from './design';
import { LESIONS, SLICE_COUNT, SLICE_SPACING_MM, STUDIES, TOP_SLICE_Z } from './design';
import { crossSection, ellipseQ, lesionEllipsoids, structureAt } from './render';

export const HOST_MARGIN_MM = 7;

function hostOf(lesion: LesionDesign): string[] {
  return lesion.organ === 'liver' ? ['liver right lobe', 'liver left lobe'] : ['abdominal cavity (visceral fat)'];
}

function checkLesion(study: StudyDesign, lesion: LesionDesign, problems: string[]): void {
  const lesionState = lesion.states[study.timepoint];
  if (!lesionState) return;
  const { outer, viable } = lesionEllipsoids(lesion, lesionState);
  const where = `${study.key} ${lesion.id}`;
  if (Math.abs(lesion.centre.z - TOP_SLICE_Z) % SLICE_SPACING_MM !== 0) problems.push(`${where}: centre z is not on a slice`);
  const zBottom = TOP_SLICE_Z - (SLICE_COUNT - 1) * SLICE_SPACING_MM;
  if (outer.cz + outer.semiZ > TOP_SLICE_Z || outer.cz - outer.semiZ < zBottom) problems.push(`${where}: outside the scanned range`);
  const hosts = hostOf(lesion);
  for (let dz = -outer.semiZ; dz <= outer.semiZ; dz += 1) {
    const z = outer.cz + dz;
    const section = crossSection(outer, z);
    if (!section) continue;
    const viableSection = viable ? crossSection(viable, z) : null;
    for (let k = 0; k < 180; k++) {
      const angle = (2 * Math.PI * k) / 180;
      const ca = Math.cos(angle);
      const sa = Math.sin(angle);
      // The viable part must stay inside the lesion with a little room.
      if (viableSection) {
        const u = viableSection.semiA * ca;
        const v = viableSection.semiB * sa;
        const x = viableSection.cx + u * viableSection.cos - v * viableSection.sin;
        const y = viableSection.cy + u * viableSection.sin + v * viableSection.cos;
        if (ellipseQ(section, x, y) > 0.97) problems.push(`${where}: viable part leaves the lesion at z=${z}`);
      }
      // A band of host tissue around the lesion.
      for (let margin = 0.5; margin <= HOST_MARGIN_MM; margin += 1.5) {
        const u = (section.semiA + margin) * ca;
        const v = (section.semiB + margin) * sa;
        const x = section.cx + u * section.cos - v * section.sin;
        const y = section.cy + u * section.sin + v * section.cos;
        const found = structureAt(study, x, y, z);
        if (!found || !hosts.includes(found)) {
          problems.push(`${where}: ${found ?? 'air'} within ${margin} mm at z=${z}`);
          return;
        }
      }
    }
  }
}

export function checkDesign(): void {
  const problems: string[] = [];
  for (const study of STUDIES) for (const lesion of LESIONS) checkLesion(study, lesion, problems);
  if (problems.length > 0) throw new Error(`phantom design is inconsistent:\n  ${[...new Set(problems)].join('\n  ')}`);
}
