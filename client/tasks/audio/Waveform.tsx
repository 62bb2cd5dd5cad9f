import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/dist/plugins/regions.esm.js';
import type { AudioSegment } from '@shared/tasks/registry';
import { labelColor, labelTitle, tint, type LabelView } from '../common/labels';
import { parsePeaks, roundTime } from './time';

export interface WaveformHandle {
  playPause(): void;
  /** Plays one segment (and keeps replaying it while `loop` is on). */
  playSegment(segment: Pick<AudioSegment, 'start' | 'end'>): void;
}

export interface WaveformProps {
  url: string;
  segments: readonly AudioSegment[];
  suggestions: readonly AudioSegment[];
  labels: readonly LabelView[];
  selected: number | null;
  onSelect(i: number | null): void;
  onCreate(start: number, end: number): void;
  onUpdate(i: number, start: number, end: number): void;
  loop: boolean;
  rate: number;
  /** Pixels per second; 0 fits the whole clip. */
  zoom: number;
  readOnly?: boolean;
  onStatus?(s: { playing: boolean; time: number; duration: number }): void;
  ref?: Ref<WaveformHandle>;
}

/**
 * The waveform with one region per segment. Peaks come from the server when it has them, so an
 * hour-long file draws at once and streams for playback instead of being decoded whole.
 */
export default function Waveform(props: WaveformProps) {
  const { url, segments, suggestions, labels, selected, loop, rate, zoom, readOnly, ref } = props;
  const box = useRef<HTMLDivElement>(null);
  const ws = useRef<WaveSurfer | null>(null);
  const regions = useRef<ReturnType<typeof RegionsPlugin.create> | null>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState('');
  const playing = useRef<{ start: number; end: number } | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    let cancelled = false;
    let instance: WaveSurfer | null = null;
    setReady(false);
    setError('');
    (async () => {
      let pre: ReturnType<typeof parsePeaks> = null;
      try {
        const res = await fetch(`${url}/peaks`, { credentials: 'same-origin' });
        if (res.ok) pre = parsePeaks(await res.json());
      } catch {
        // No peaks: wavesurfer decodes the file itself.
      }
      if (cancelled || !box.current) return;
      const plugin = RegionsPlugin.create();
      instance = WaveSurfer.create({
        container: box.current,
        url,
        ...(pre ? { peaks: pre.peaks, duration: pre.duration } : {}),
        height: 128,
        waveColor: '#adb5bd',
        progressColor: '#3b5bdb',
        cursorColor: '#212529',
        normalize: true,
        dragToSeek: false,
        autoScroll: true,
        plugins: [plugin],
      });
      ws.current = instance;
      regions.current = plugin;
      const status = () =>
        latest.current.onStatus?.({ playing: instance!.isPlaying(), time: instance!.getCurrentTime(), duration: instance!.getDuration() });
      instance.on('ready', () => {
        setReady(true);
        status();
      });
      instance.on('error', (e) => setError(String((e as Error)?.message ?? e)));
      instance.on('play', status);
      instance.on('pause', status);
      instance.on('timeupdate', status);
      // Regions drawn by a drag become segments; the answer then redraws them as seg-<i>.
      plugin.on('region-created', (r: Region) => {
        if (r.id.startsWith('seg-') || r.id.startsWith('sug-')) return;
        const start = roundTime(r.start);
        const end = roundTime(r.end);
        r.remove();
        if (end > start) latest.current.onCreate(start, end);
      });
      plugin.on('region-updated', (r: Region) => {
        if (!r.id.startsWith('seg-')) return;
        latest.current.onUpdate(Number(r.id.slice(4)), roundTime(r.start), roundTime(r.end));
      });
      plugin.on('region-clicked', (r: Region, e: MouseEvent) => {
        e.stopPropagation();
        if (r.id.startsWith('seg-')) latest.current.onSelect(Number(r.id.slice(4)));
      });
      plugin.on('region-out', (r: Region) => {
        const p = playing.current;
        if (p && latest.current.loop && Math.abs(r.start - p.start) < 1e-6 && Math.abs(r.end - p.end) < 1e-6) r.play(true);
      });
    })();
    return () => {
      cancelled = true;
      instance?.destroy();
      ws.current = null;
      regions.current = null;
    };
  }, [url]);

  useEffect(() => {
    const plugin = regions.current;
    if (!ready || !plugin) return;
    if (readOnly) return;
    return plugin.enableDragSelection({ color: 'rgba(59, 91, 219, 0.15)' });
  }, [ready, readOnly]);

  // The regions mirror the answer: cheap enough to redraw on each change (a few hundred at most).
  useEffect(() => {
    const plugin = regions.current;
    if (!ready || !plugin) return;
    plugin.clearRegions();
    suggestions.forEach((s, i) =>
      plugin.addRegion({ id: `sug-${i}`, start: s.start, end: s.end, color: tint(labelColor(labels, s.label), 0.08), drag: false, resize: false, content: `${labelTitle(labels, s.label)}?` }),
    );
    segments.forEach((s, i) =>
      plugin.addRegion({
        id: `seg-${i}`,
        start: s.start,
        end: s.end,
        color: tint(labelColor(labels, s.label), i === selected ? 0.38 : 0.2),
        drag: !readOnly,
        resize: !readOnly,
        content: labelTitle(labels, s.label),
      }),
    );
  }, [ready, segments, suggestions, labels, selected, readOnly]);

  useEffect(() => {
    if (ready) ws.current?.setPlaybackRate(rate, true);
  }, [ready, rate]);

  useEffect(() => {
    if (ready) ws.current?.zoom(zoom);
  }, [ready, zoom]);

  useImperativeHandle(
    ref,
    () => ({
      playPause() {
        playing.current = null;
        void ws.current?.playPause();
      },
      playSegment(s) {
        const w = ws.current;
        if (!w) return;
        playing.current = { start: s.start, end: s.end };
        const r = regions.current?.getRegions().find((x) => Math.abs(x.start - s.start) < 1e-6 && Math.abs(x.end - s.end) < 1e-6);
        if (r) r.play(true);
        else void w.play(s.start, s.end);
      },
    }),
    [],
  );

  return (
    <div className="au-wave-box">
      <div ref={box} className="au-wave" onClick={() => latest.current.onSelect(null)} />
      {!ready && !error && <div className="au-wave-loading tk-muted">Loading the waveform…</div>}
      {error && <div className="tk-status">Could not load the audio: {error}</div>}
    </div>
  );
}
