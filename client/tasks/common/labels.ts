import type { Label } from '@shared/tasks/common';

/** Distinct, readable on white and on a light tint; used when a label has no configured colour. */
export const PALETTE = [
  '#3b5bdb', '#e8590c', '#2b8a3e', '#c2255c', '#7048e8', '#0b7285', '#a61e4d', '#5c940d', '#d9480f', '#1864ab',
  '#862e9c', '#087f5b', '#e67700', '#495057',
];

export interface LabelView {
  value: string;
  title: string;
  color: string;
  /** The key that picks it, if any. */
  hotkey: string | undefined;
  description?: string;
}

/**
 * Labels with their display colour and hotkey: the configured hotkey, else 1…9 then 0 by position
 * (labels past the tenth get none unless configured, rather than stealing letters editors use).
 * A default digit already configured on another label is skipped.
 */
export function labelViews(labels: readonly Label[]): LabelView[] {
  const taken = new Set(labels.map((l) => l.hotkey?.toLowerCase()).filter(Boolean));
  const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].filter((d) => !taken.has(d));
  let next = 0;
  return labels.map((l, i) => ({
    value: l.value,
    title: l.title ?? l.value,
    color: l.color ?? PALETTE[i % PALETTE.length],
    hotkey: l.hotkey ?? digits[next++],
    description: l.description,
  }));
}

export function labelColor(views: readonly LabelView[], value: string): string {
  return views.find((l) => l.value === value)?.color ?? '#868e96';
}

export function labelTitle(views: readonly LabelView[], value: string): string {
  return views.find((l) => l.value === value)?.title ?? value;
}

/** A translucent fill of a label colour (hex #rgb/#rrggbb, else the colour as is). */
export function tint(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const n = parseInt(h, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
