// exceljs, required when a workbook is first made rather than when this module is imported: it
// is some 400 CommonJS modules, a quarter of a second at every start of the CLI or the app, and
// most commands (a query, --help) never write a workbook. Required, not imported, so that the
// workbook builders stay synchronous; its package has a single CommonJS entry, the one an
// import would load.
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

let loaded: typeof ExcelJS | undefined;

/** exceljs, loaded on the first call. */
export function exceljs(): typeof ExcelJS {
  return (loaded ??= createRequire(import.meta.url)('exceljs') as typeof ExcelJS);
}
