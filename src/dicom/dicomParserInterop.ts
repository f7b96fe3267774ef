import * as dicomParserNamespace from 'dicom-parser';

// dicom-parser is a UMD bundle: bundlers expose its functions on the namespace, Node's CommonJS
// interop (tsx, scripts) only on the default export. Take whichever holds them.
const withDefault = dicomParserNamespace as typeof dicomParserNamespace & { default?: typeof dicomParserNamespace };
export const dicomParser: typeof dicomParserNamespace = withDefault.default?.parseDicom ? withDefault.default : dicomParserNamespace;
export type { DataSet } from 'dicom-parser';
