import type { IRecistResponse, OverallResponse, TargetResponse } from '../../domain/result';

/** IR-1: before iUPD, iRECIST mirrors RECIST 1.1 with i-labels; RECIST PD becomes iUPD. */
export function iLabel(response: OverallResponse | TargetResponse): IRecistResponse {
  switch (response) {
    case 'CR':
      return 'iCR';
    case 'PR':
      return 'iPR';
    case 'SD':
      return 'iSD';
    case 'NonCR/NonPD':
      return 'iNonCR/NonPD';
    case 'PD':
      return 'iUPD';
    case 'NE':
      return 'NE';
  }
}
