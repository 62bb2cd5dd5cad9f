import { diffWords } from 'diff';

export type DiffKind = 'same' | 'removed' | 'added';
export interface DiffPart {
  kind: DiffKind;
  value: string;
}

/**
 * Word-level diff from `from` to `to`: "removed" parts are only in `from` (Labeler 1's text, say),
 * "added" only in `to`. Whitespace-only changes are folded into "same" so reflowed text does not light up.
 */
export function wordDiff(from: string, to: string): DiffPart[] {
  const out: DiffPart[] = [];
  const changes = diffWords(from, to);
  changes.forEach((c, i) => {
    const kind: DiffKind = c.added ? 'added' : c.removed ? 'removed' : 'same';
    if (kind !== 'same' && c.value.trim() === '') {
      // A whitespace-only removal followed by a whitespace-only insertion is a reflow: keep the target's
      // whitespace as unchanged text. A lone one is kept too, or the words around it would run together.
      const next = changes[i + 1];
      if (kind === 'removed' && next?.added && next.value.trim() === '') return;
      push(out, 'same', c.value);
      return;
    }
    push(out, kind, c.value);
  });
  return out;
}

function push(out: DiffPart[], kind: DiffKind, value: string) {
  const last = out[out.length - 1];
  if (last && last.kind === kind) last.value += value;
  else out.push({ kind, value });
}

/** How many words differ (removed + added): a quick figure for a header. */
export function changedWords(parts: readonly DiffPart[]): number {
  const c = diffCounts(parts);
  return c.removed + c.added;
}

/**
 * Words only in `from` (removed) and only in `to` (added): the two figures a diff's header shows. A word is
 * a whitespace-separated token with a letter or digit in it, so a comma that comes and goes is not one.
 */
export function diffCounts(parts: readonly DiffPart[]): { removed: number; added: number } {
  const out = { removed: 0, added: 0 };
  for (const p of parts) if (p.kind !== 'same') out[p.kind] += p.value.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return out;
}
