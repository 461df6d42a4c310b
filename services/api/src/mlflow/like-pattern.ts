/**
 * SQL LIKE as MLflow's search filters mean it: `%` any run of characters, `_` exactly one, everything
 * else itself (ILIKE: ignoring case). Matched without regular expressions: a pattern such as
 * `%_%_%_…!` made a backtracking RegExp take exponential time (issue 18, finding 4). Here the pieces
 * between `%` are placed leftmost, each once, so a match costs at most name length × pattern length.
 */
export function likeMatcher(pattern: string, ignoreCase: boolean): (text: string) => boolean {
  const fold = (text: string) => Array.from(ignoreCase ? text.toLowerCase() : text); // code points
  const pieces: string[][] = [[]];
  for (const char of fold(pattern)) {
    if (char === '%') pieces.push([]);
    else pieces[pieces.length - 1].push(char);
  }
  const first = pieces[0];
  if (pieces.length === 1) return (text) => fitsExactly(fold(text), first);
  const last = pieces[pieces.length - 1];
  const middle = pieces.slice(1, -1).filter((piece) => piece.length > 0);
  return (text) => {
    const chars = fold(text);
    const end = chars.length - last.length; // where `last` must start
    if (end < first.length || !fitsAt(chars, 0, first) || !fitsAt(chars, end, last)) return false;
    let from = first.length;
    for (const piece of middle) {
      const at = firstFit(chars, piece, from, end);
      if (at < 0) return false;
      from = at + piece.length; // leftmost placement leaves the most room for the pieces after it
    }
    return true;
  };
}

const fitsExactly = (chars: string[], piece: string[]) => chars.length === piece.length && fitsAt(chars, 0, piece);

/** Whether `piece` (`_` for any one character) matches `chars` at `at`. */
function fitsAt(chars: string[], at: number, piece: string[]): boolean {
  for (let i = 0; i < piece.length; i += 1) {
    if (piece[i] !== '_' && piece[i] !== chars[at + i]) return false;
  }
  return true;
}

/** The first position in [from, end - piece.length] where `piece` fits, or -1. */
function firstFit(chars: string[], piece: string[], from: number, end: number): number {
  for (let at = from; at + piece.length <= end; at += 1) if (fitsAt(chars, at, piece)) return at;
  return -1;
}
