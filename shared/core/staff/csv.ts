// CSV exports the office opens in a spreadsheet (API.md "Staff"): UTF-8 with a BOM so Excel reads
// the accents, a header row, RFC 4180 quoting (csv-stringify), and no formula injection — a cell
// that a spreadsheet would run (`=`, `+`, `-`, `@`, tab, CR) is prefixed with `'` and shows as text.
import { stringify } from 'csv-stringify/sync';

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as text a spreadsheet shows and never evaluates. */
export function safeCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export interface CsvColumn<T> {
  readonly header: string;
  readonly value: (row: T) => string | number | boolean | null | undefined;
}

/** The whole file: BOM, header row, one line per row, CRLF line ends (RFC 4180). */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const records = [
    columns.map((column) => safeCell(column.header)),
    ...rows.map((row) => columns.map((column) => safeCell(column.value(row)))),
  ];
  return BOM + stringify(records, { record_delimiter: 'windows', quoted_match: /[",\r\n]/ });
}
