/** Fetches an image into the browser's cache, decoded off the main thread, before its row is shown. */
export function preloadImage(src: unknown): void {
  if (typeof src !== 'string' || !src || typeof Image === 'undefined') return;
  const img = new Image();
  img.decoding = 'async';
  img.src = src;
}

/** Fetches the waveform peaks of uploaded audio, which the server computes once and the editor draws first. */
export function preloadPeaks(src: unknown): void {
  if (typeof src !== 'string' || !src.startsWith('/api/media/')) return;
  void fetch(`${src}/peaks`, { credentials: 'same-origin' }).then((r) => r.arrayBuffer()).catch(() => undefined);
}
