export * from './reportModel';
export { toCsv, csvCell, csvText, CSV_BOM, LESION_COLUMNS, TIMEPOINT_COLUMNS, type CsvCell, type ReportCsv } from './csv';
export { toJsonExport, isNadirReadExport, type NadirReadExport } from './jsonExport';
export { toAuditCsv, AUDIT_COLUMNS } from './auditCsv';
