import { describe, expect, it } from 'vitest';
import { studyUidsFromAddress } from './deepLink';

describe('studies named in the page address', () => {
  it('takes ?study= (repeated or comma-separated) and OHIF-style ?StudyInstanceUIDs=, once each', () => {
    expect(studyUidsFromAddress('?study=1.2.3&study=1.2.4,1.2.5&StudyInstanceUIDs=1.2.3')).toEqual({ uids: ['1.2.3', '1.2.4', '1.2.5'], rejected: [] });
    expect(studyUidsFromAddress('')).toEqual({ uids: [], rejected: [] });
    expect(studyUidsFromAddress('?other=1.2.3')).toEqual({ uids: [], rejected: [] });
  });

  it('refuses what is not a UID (it would become part of a request path)', () => {
    expect(studyUidsFromAddress('?study=1.2.3,../../instances,<script>,1..2')).toEqual({ uids: ['1.2.3'], rejected: ['../../instances', '<script>', '1..2'] });
  });
});
