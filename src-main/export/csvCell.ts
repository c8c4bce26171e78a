// One CSV cell as a spreadsheet will read it. Text starting with =, +, -, @, a tab or a carriage
// return is run as a formula by Excel and LibreOffice ("-1+cmd|' /C calc'!A0"), so such text
// gets a leading apostrophe, as OWASP recommends, unless it is a plain number (-2, -0.5), which
// must stay a number. Category labels come from the extracts, so any of them can be hostile.
// Then the usual quoting: fields holding a quote, a comma or a line break are quoted.
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Text a spreadsheet would not run: `'` before a formula-like start, numbers left alone. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
