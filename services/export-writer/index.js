'use strict';

/**
 * The one writer of Mnemo's exported files, shared by the api (impact reports) and the explorer (the
 * cost CSV). Names in the graph come from anyone who can write, so nothing in a cell may run as a
 * spreadsheet formula, and nothing in Markdown may render as HTML, an image or a link.
 */

/** A decimal number written as text (`-3.50`): a spreadsheet reads it as the number it is, never a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;
/**
 * What a spreadsheet starts a formula (or DDE command) with, after any leading spaces: = + - @, and a
 * tab or carriage return before one (OWASP's CSV injection list).
 */
const FORMULA_START = /^[\s]*[=+\-@]|^[\t\r]/;

/** One CSV cell (RFC 4180): quoted when it must be; text a spreadsheet would run gets a leading `'`. */
function csvCell(value) {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of cells as a CSV file: RFC 4180, CRLF line ends, a final line end. */
function csvTable(rows) {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** CommonMark lets any ASCII punctuation be escaped with a backslash: all of it is, so none is syntax. */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~>"'$%&,/:;=?@^]/g;

/**
 * Text as Markdown shows it literally, on one line (a table cell, a heading): no HTML (`<` and `&`
 * become entities), no emphasis, links, images or autolinks (`:` is escaped, so `https://…` is text).
 */
function markdownText(value) {
  return String(value === null || value === undefined ? '' : value)
    .replace(/[\r\n]+/g, ' ')
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    .replace(/</g, '&lt;');
}

/**
 * Text as an inline code span: fenced with more backticks than it holds, so it cannot close early.
 * In a table cell a `|` would end the cell even inside the span (GFM), so there it is escaped.
 */
function markdownCode(value, inTable = false) {
  let text = String(value === null || value === undefined ? '' : value).replace(/[\r\n]+/g, ' ');
  if (inTable) text = text.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

module.exports = { csvCell, csvTable, markdownText, markdownCode };
