import type { ShownMeasurement } from '../../viewer/measurementLayer';
import { READ_KEYS, type Pair } from '../../../workers/adjudicate/compareReads';
import type { ReadSession } from '../../../workers/read/model';

/**
 * Both reads' whole-lesion calipers on one study, for the adjudicator's viewports: each in its read's
 * colour, labelled with the read and the reader's own lesion label ("A L1"), locked. The viable parts
 * are left to the table: four labels on one lesion of a 1024 px screen's viewport cover each other.
 */
export function adjudicationCalipers(sessions: Pair<ReadSession>, studyUid: string): ShownMeasurement[] {
  return READ_KEYS.flatMap((read) => {
    const session = sessions[read];
    return session.lesions.flatMap((lesion): ShownMeasurement[] => {
      const observation = session.observations[studyUid]?.[lesion.id];
      if (observation?.status !== 'present') return [];
      const common = { selected: false, adjudicatedRead: read } as const;
      return [
        ...(observation.whole ? [{ ...common, key: `adjudication-${read}-${lesion.id}-whole`, part: 'whole' as const, label: `${read} ${lesion.label}`, measurement: observation.whole }] : []),
      ];
    });
  });
}
