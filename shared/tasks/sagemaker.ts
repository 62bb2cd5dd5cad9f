/**
 * Pieces of SageMaker Ground Truth's output manifest (AWS, "Labeling job output data"): one JSON line
 * per object, the label under the job's label attribute and `<attribute>-metadata` beside it.
 */

/** A question's contribution to a manifest line: the label attribute's value and its type's metadata keys. */
export interface SageMakerLabel {
  label: unknown;
  /** `type` and the type's own keys (`class-name`, `class-map`, `confidence-map`, `objects`, …). */
  metadata: Record<string, unknown>;
}

/**
 * Ground Truth's `creation-date`: Python's `datetime.isoformat()` of a UTC time, microseconds and no
 * zone ("2020-10-29T00:40:39.398470"), which is how AWS writes it.
 */
export const sagemakerDate = (ms: number): string => new Date(ms).toISOString().replace(/Z$/u, '000');

/**
 * A UTF-16 offset (how Triad stores spans) as a code point offset: Ground Truth's `startOffset` and
 * `endOffset` count Unicode characters, so text with characters beyond the BMP (emoji) shifts them.
 */
export function codePointOffset(text: string, utf16: number): number {
  let n = 0;
  for (let i = 0; i < utf16 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character: count it once.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < utf16) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
