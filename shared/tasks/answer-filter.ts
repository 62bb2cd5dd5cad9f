// Pieces of the export filter `answer=question:value` that several task types share.

/** Checks that `value` is one of the question's labels. */
export function knownLabelValue(labels: ReadonlyArray<{ value: string }>, questionId: string, value: string, bad: (message: string) => never): void {
  const values = labels.map((l) => l.value);
  if (!values.includes(value)) bad(`"${value}" is not a label of ${questionId} (its labels: ${values.slice(0, 20).join(', ')})`);
}

/** Splits the `key=value` of a rating criterion or an audio clip question. */
export function keyValue(value: string, what: string, bad: (message: string) => never): [string, string] {
  const k = value.indexOf('=');
  if (k <= 0) bad(`expected ${what}=value`);
  return [value.slice(0, k), value.slice(k + 1)];
}
