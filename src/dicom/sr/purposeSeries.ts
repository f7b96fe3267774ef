/**
 * The series a teaching read is stored in (issue 16; items/reference.ts holds the encoding). Kept free
 * of imports so that the start screen can search a PACS for them without loading the SR code.
 */
export type ReadPurpose = 'reference' | 'quiz';

/** How a PACS user tells the series apart, and how Nadir searches for them; Nadir trusts only the coded purpose in the content. */
export const PURPOSE_SERIES: Readonly<Record<ReadPurpose, { number: number; description: string }>> = {
  reference: { number: 9201, description: 'Nadir reference read' },
  quiz: { number: 9202, description: 'Nadir quiz read' },
};

/** The QIDO-RS series query that finds the SRs of a purpose. */
export const purposeSeriesQuery = (purpose: ReadPurpose): Record<string, string> => ({ Modality: 'SR', SeriesNumber: String(PURPOSE_SERIES[purpose].number) });
