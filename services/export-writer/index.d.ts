/** One CSV cell (RFC 4180): quoted when it must be; text a spreadsheet would run gets a leading `'`. */
export function csvCell(value: unknown): string;
/** Rows of cells as a CSV file: RFC 4180, CRLF line ends, a final line end. */
export function csvTable(rows: unknown[][]): string;
/** Text Markdown shows literally on one line: no HTML, emphasis, links, images or autolinks. */
export function markdownText(value: unknown): string;
/** Text as an inline code span that it cannot close early (`|` escaped when in a table cell). */
export function markdownCode(value: unknown, inTable?: boolean): string;
