import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin from 'wavesurfer.js/dist/plugins/regions.esm.js';
import { parseRegionId, type RegionSpec } from './compare-audio';

export interface CompareWaveformProps {
  url: string;
  regions: readonly RegionSpec[];
  /** Wave colours of the two lanes (Labeler 1, Labeler 2). */
  colors: [string, string];
  onRegionClick(side: 0 | 1, index: number): void;
}

interface Peaks {
  duration: number;
  peaks: number[];
}

/**
 * One waveform drawn as two lanes from the same peaks (wavesurfer's split channels), Labeler 1's segments
 * on the upper lane and Labeler 2's on the lower: one time axis, two readable layers. Peaks come from the
 * server (`<url>/peaks`) so an hour of audio opens without decoding it here.
 */
export default function CompareWaveform({ url, regions, colors, onRegionClick }: CompareWaveformProps) {
  const box = useRef<HTMLDivElement>(null);
  const ws = useRef<WaveSurfer | null>(null);
  const plugin = useRef<ReturnType<typeof RegionsPlugin.create> | null>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const clickRef = useRef(onRegionClick);
  clickRef.current = onRegionClick;

  useEffect(() => {
    let cancelled = false;
    let instance: WaveSurfer | null = null;
    setReady(false);
    setError(null);
    fetch(`${url}/peaks`)
      .then((r) => (r.ok ? (r.json() as Promise<Peaks>) : Promise.reject(new Error(`peaks: HTTP ${r.status}`))))
      .then((p) => {
        if (cancelled || !box.current) return;
        const regionsPlugin = RegionsPlugin.create();
        instance = WaveSurfer.create({
          container: box.current,
          url,
          peaks: [p.peaks, p.peaks],
          duration: p.duration,
          height: 56,
          splitChannels: [
            { waveColor: colors[0], progressColor: colors[0] },
            { waveColor: colors[1], progressColor: colors[1] },
          ],
          plugins: [regionsPlugin],
        });
        regionsPlugin.on('region-clicked', (region, e) => {
          e.stopPropagation();
          const id = parseRegionId(region.id);
          if (id) clickRef.current(id.side, id.index);
        });
        instance.on('play', () => setPlaying(true));
        instance.on('pause', () => setPlaying(false));
        ws.current = instance;
        plugin.current = regionsPlugin;
        setReady(true);
      })
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
      instance?.destroy();
      ws.current = null;
      plugin.current = null;
    };
  }, [url, colors]);

  useEffect(() => {
    const p = plugin.current;
    if (!ready || !p) return;
    p.clearRegions();
    for (const r of regions) p.addRegion({ ...r, drag: false, resize: false });
  }, [ready, regions]);

  return (
    <div className="cmp-audio-wave">
      <div className="cmp-audio-wave-bar">
        <button type="button" className="cmp-take" disabled={!ready} onClick={() => ws.current?.playPause()}>
          {playing ? 'Pause' : 'Play'}
        </button>
        {error && <span className="cmp-editor-error">Waveform unavailable ({error}).</span>}
      </div>
      <div ref={box} className="cmp-audio-wave-box" />
    </div>
  );
}
