import type { RankingClaim } from '@shared/tasks/registry';
import { RichText } from '../../components/rich/RichText';
import { domPointToOffset, normalizeRange } from '../ner/text';

/**
 * The claim a page selection inside one response stands for, or a sentence saying why there is none.
 * Shown as written, the selection's offsets are the text's own; shown as markdown, the selected words
 * are looked up in the text (markup between them allowed), and must be found exactly once.
 */
export function selectedClaim(root: HTMLElement, responses: readonly string[]): RankingClaim | string | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  const boxOf = (n: Node) => (n.nodeType === Node.ELEMENT_NODE ? (n as Element) : n.parentElement)?.closest('[data-response]');
  const a = boxOf(r.startContainer);
  const b = boxOf(r.endContainer);
  if (!a || !b || !root.contains(a)) return null;
  if (a !== b) return 'Select text inside one response to flag it.';
  const i = Number(a.getAttribute('data-response'));
  const text = responses[i] ?? '';
  let start: number;
  let end: number;
  if (a.querySelector('[data-offset]')) {
    start = domPointToOffset(a, r.startContainer, r.startOffset, text.length);
    end = domPointToOffset(a, r.endContainer, r.endOffset, text.length);
  } else {
    const found = findInSource(text, sel.toString());
    if (typeof found === 'string') return found;
    ({ start, end } = found);
  }
  const n = normalizeRange(text, start, end, true);
  return n ? { response: i, start: n.start, end: n.end, text: text.slice(n.start, n.end) } : null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** Where words read on the rendered page stand in the markdown source (markup and spacing between them allowed). */
export function findInSource(source: string, selected: string): { start: number; end: number } | string {
  const words = selected.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0) return 'Select words of a response to flag them.';
  const re = new RegExp(words.map(escape).join('[^\\p{L}\\p{N}]+'), 'gu');
  const hits = [...source.matchAll(re)];
  if (hits.length === 1) return { start: hits[0].index, end: hits[0].index + hits[0][0].length };
  return hits.length === 0
    ? 'Those words are not in the response as written: press W to show it as written and select them there.'
    : 'Those words appear more than once: press W to show the response as written and select the one you mean.';
}

/** A response's own flagged claims, and the suggested ones not flagged yet. */
function claimsIn(index: number, claims: RankingClaim[], suggested: RankingClaim[]) {
  const mine = claims.filter((c) => c.response === index);
  const sug = suggested.filter((c) => c.response === index && !mine.some((m) => m.start === c.start && m.end === c.end));
  return { mine, sug };
}

interface ResponseProps {
  index: number;
  text: string;
  claims: RankingClaim[];
  suggested: RankingClaim[];
  onRemove(c: RankingClaim): void;
  readOnly?: boolean;
}

/** A response as written, flagged claims marked (click to remove) and suggested ones outlined. */
function PlainResponse({ index, text, claims, suggested, onRemove, readOnly }: ResponseProps) {
  const { mine, sug } = claimsIn(index, claims, suggested);
  const cuts = new Set([0, text.length]);
  for (const c of [...mine, ...sug]) {
    cuts.add(Math.max(0, Math.min(text.length, c.start)));
    cuts.add(Math.max(0, Math.min(text.length, c.end)));
  }
  const points = [...cuts].sort((x, y) => x - y);
  const parts = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const s = points[k];
    const e = points[k + 1];
    const claim = mine.find((c) => c.start <= s && c.end >= e);
    const sugg = sug.some((c) => c.start <= s && c.end >= e);
    parts.push(
      claim ? (
        <mark key={s} data-offset={s} className="rk-claim" title={readOnly ? 'Unsupported claim' : 'Unsupported claim: click to remove'} onClick={readOnly ? undefined : () => onRemove(claim)}>
          {text.slice(s, e)}
        </mark>
      ) : (
        <span key={s} data-offset={s} className={sugg ? 'rk-claim-sug' : undefined}>
          {text.slice(s, e)}
        </span>
      ),
    );
  }
  return (
    <div className="rk-response-text" data-response={index}>
      {parts}
    </div>
  );
}

/**
 * One response's text: markdown (sanitized, code highlighted) with its flagged claims listed below it,
 * or as written with the claims marked in place (`plain`), where any stretch of it can be selected.
 */
export function ResponseText(props: ResponseProps & { plain: boolean }) {
  if (props.plain) return <PlainResponse {...props} />;
  const { index, text, claims, suggested, onRemove, readOnly } = props;
  const { mine, sug } = claimsIn(index, claims, suggested);
  return (
    <>
      <div data-response={index}>
        <RichText text={text} className="rk-response-rich" />
      </div>
      {(mine.length > 0 || sug.length > 0) && (
        <ul className="rk-claim-list" aria-label="Flagged claims">
          {mine.map((c) => (
            <li key={`${c.start}:${c.end}`}>
              <button type="button" className="rk-claim" disabled={readOnly} title={readOnly ? 'Unsupported claim' : 'Unsupported claim: click to remove'} onClick={() => onRemove(c)}>
                “{c.text}”
              </button>
            </li>
          ))}
          {sug.map((c) => (
            <li key={`s${c.start}:${c.end}`} className="rk-claim-sug">
              “{c.text}” <span className="tk-badge">suggested</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
