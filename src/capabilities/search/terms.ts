/**
 * ChatGPT sends `search` whole questions ("status of the Skin Pure relaunch?"), while Cway
 * matches a substring. The significant words of the query (punctuation and filler words dropped)
 * drive every source; pure functions, no I/O.
 */
const FILLER = new Set(
  (
    'a an and are at about by can do does for from has have how i in is it me my of on or our show ' +
    'status that the their there to was what when where which who whom whose why with ' +
    'project projects artwork artworks user users cway find search'
  ).split(' '),
);

/** Lower-case significant words; the plain words when every word is filler. */
export function significantWords(query: string): string[] {
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}@._+-]+/u)
    .map((w) => w.replace(/^[._+-]+|[._+-]+$/g, ''))
    .filter((w) => w.length > 1);
  const significant = words.filter((w) => !FILLER.has(w));
  return significant.length > 0 ? significant : words;
}

/** How many of `words` occur in `text` (case-insensitive substring). */
export function hits(text: string, words: readonly string[]): number {
  const t = text.toLowerCase();
  return words.filter((w) => t.includes(w)).length;
}

/** The longest word: the most selective single term for a substring search. */
export const longest = (words: readonly string[]): string => [...words].sort((a, b) => b.length - a.length)[0] ?? '';
