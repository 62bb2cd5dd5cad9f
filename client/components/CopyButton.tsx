import { useEffect, useRef, useState } from 'react';

/**
 * The Clipboard API exists only in secure contexts (https, localhost): a Triad reached over plain http
 * on a LAN address has none, so the old selection copy is the fallback there.
 */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied (no permission, page not focused): try the selection copy below.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** A Copy button that says "Copied" for a moment (or that it could not, and what to do instead). */
export function CopyButton({ text, label, className = 'btn btn-ghost btn-sm' }: { text: string; label: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <span className="copy-button">
      <button type="button" className={className} aria-label={label} onClick={() => {
        void copyText(text).then((ok) => {
          setState(ok ? 'copied' : 'failed');
          clearTimeout(timer.current);
          timer.current = setTimeout(() => setState('idle'), ok ? 2000 : 6000);
        });
      }}>
        {state === 'copied' ? '✓ Copied' : 'Copy'}
      </button>
      <span role="status" className={state === 'failed' ? 'copy-failed' : 'sr-only'}>
        {state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'The browser refused: select the text and press Ctrl+C' : ''}
      </span>
    </span>
  );
}
