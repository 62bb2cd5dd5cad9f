import { useEffect, useMemo, useState } from 'react';
import type { MediaListItemDto } from '@shared/api/console';
import { consoleApi } from '../../../api/console';

/**
 * Audio stored before it was measured (the demo's seeded files) has no length yet: asking for its peaks
 * makes the server decode it once and store both. One file at a time, only those on the page shown.
 */
export function useMeasuredDurations(media: MediaListItemDto[]) {
  const [measured, setMeasured] = useState<ReadonlyMap<string, number>>(new Map());
  const pending = useMemo(
    () => media.filter((m) => m.mime.startsWith('audio/') && m.duration === null && !measured.has(m.id)).map((m) => m.id),
    [media, measured],
  );
  const key = pending.join(',');
  useEffect(() => {
    if (!key) return;
    let live = true;
    void (async () => {
      for (const id of key.split(',')) {
        if (!live) return;
        // A file that cannot be decoded keeps its dash; the others still get measured.
        const d = await consoleApi.mediaPeaks(id).then((p) => p.duration, () => null);
        if (live && d !== null) setMeasured((m) => new Map(m).set(id, d));
      }
    })();
    return () => { live = false; };
  }, [key]);
  return {
    media: useMemo(() => media.map((m) => (m.duration === null && measured.has(m.id) ? { ...m, duration: measured.get(m.id)! } : m)), [media, measured]),
    measuring: useMemo(() => new Set(pending), [pending]),
  };
}
