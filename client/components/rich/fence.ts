/** A fenced code block holding `code` whatever backticks it contains (the fence is longer than any run inside). */
export function fenced(code: string, language = ''): string {
  let longest = 2;
  for (const m of code.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${code}\n${fence}`;
}
