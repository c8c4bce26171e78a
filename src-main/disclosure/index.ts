// Disclosure control: the public surface of src-main/disclosure.
export { protectTable, protectLinkedTables, protectKeyedTables } from './protectTable.ts';
export type { CellStatus, DisclosureRuleInput, KeyedProtection, ProtectedResult } from './protectTable.ts';
export { auditTable, auditLinkedTables } from './auditTable.ts';
export type { AuditReport, AuditedCell } from './auditTable.ts';
export type { Position, ProtectedTable, RawTable } from './queryTable.ts';
export { rawTableFromQueryResult } from './queryTable.ts';
export { cubeWithSubtotals } from './cubeTable.ts';
export type { Cube } from './cubeTable.ts';
export type { CellKey, KeyedCell, KeyedTable, Measure } from './tableModel.ts';
export { SUPPRESSED_MARKER, disclosureFootnote, formatPublished } from './footnote.ts';
export { protectPercents, protectRates, protectedPercent, protectedRate } from './protectDerived.ts';
export type { DerivedValue, PercentBase } from './protectDerived.ts';
export { isProtected, protectionLevel } from './attackerBounds.ts';
export type { WorkOptions } from './attackerBounds.ts';
export { roundToBase } from './rounding.ts';
export {
  auditLinkedTablesOffThread,
  protectLinkedTablesOffThread,
  protectTableOffThread,
  WORKER_MIN_CELLS,
} from './protectOffThread.ts';
