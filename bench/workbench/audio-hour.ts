/** audio_1h_waveform_ms: navigation to the drawn waveform of a one-hour WAV (peaks computed on upload). */
import type { WorkbenchFigure } from './figure';
import { wav } from './media';
import { warmOpenTime } from './page';
import { createProject, importRows } from './server';

export const audioHour: WorkbenchFigure = {
  name: 'audio_1h_waveform_ms',
  async measure({ page, base, lead }) {
    const pid = await createProject(lead, 'Bench: one hour', [
      { id: 'speech', type: 'audio', title: 'Segments', config: { field: 'audio', labels: ['speech', 'noise'] } },
    ]);
    console.log('uploading a one-hour WAV (peaks are computed on upload)…');
    const t0 = performance.now();
    const { media } = await lead.call<{ media: { url: string; peaks: boolean; duration: number | null } }>(
      'POST', `/projects/${pid}/media?name=hour.wav`, new Uint8Array(wav(3600)), 'audio/wav',
    );
    console.log(`  upload + peaks: ${Math.round(performance.now() - t0)} ms, duration ${media.duration} s, peaks ${media.peaks}`);
    await importRows(lead, pid, [{ externalId: 'hour-1', data: { audio: media.url } }]);
    // Drawn: wavesurfer's canvas (inside its shadow root) has a size, not just the element on the page.
    const value = await warmOpenTime(page, `${base}/projects/${pid}/label`,
      `!!document.querySelector('.au-wave') && !/Loading the waveform/.test(document.body.innerText) && [...document.querySelectorAll('.au-wave *')].some((e) => [...(e.shadowRoot ? e.shadowRoot.querySelectorAll('canvas') : []), ...(e.tagName === 'CANVAS' ? [e] : [])].some((c) => c.width > 0))`);
    return { value, unit: 'ms', note: '8 kHz mono WAV, 1 h, warm' };
  },
};
