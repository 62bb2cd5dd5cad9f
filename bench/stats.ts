/**
 * Agreement statistics at corpus scale: Krippendorff's α (nominal, interval) and Cohen's κ over
 * 100,000 units × 2 raters, α nominal over 1,000,000 units, beside a baseline loop that touches the same
 * data doing trivial work. Target (issue 3): α over 100k units under 1 s.
 */
import { cohenKappa, krippendorffAlpha } from '../shared/stats';
import { keep, report, rng, timeMs, type Figures } from './lib';

const LABELS = ['positive', 'negative', 'neutral', 'mixed', 'off_topic'];

/** Two raters who agree ~80% of the time; ~2% of values missing, as in a real queue. */
function nominalUnits(n: number, seed: number): Array<[string | null, string | null]> {
  const r = rng(seed);
  const out: Array<[string | null, string | null]> = new Array(n);
  for (let i = 0; i < n; i++) {
    const a = LABELS[(r() * LABELS.length) | 0];
    const b = r() < 0.8 ? a : LABELS[(r() * LABELS.length) | 0];
    out[i] = [r() < 0.01 ? null : a, r() < 0.01 ? null : b];
  }
  return out;
}

/** 1–5 rubric scores, the second rater within ±1 most of the time. */
function intervalUnits(n: number, seed: number): Array<[number, number]> {
  const r = rng(seed);
  const out: Array<[number, number]> = new Array(n);
  for (let i = 0; i < n; i++) {
    const a = 1 + ((r() * 5) | 0);
    const b = Math.min(5, Math.max(1, a + (r() < 0.6 ? 0 : r() < 0.5 ? -1 : 1)));
    out[i] = [a, b];
  }
  return out;
}

const nominal100k = nominalUnits(100_000, 1);
const interval100k = intervalUnits(100_000, 2);
const nominal1m = nominalUnits(1_000_000, 3);
const raterA = nominal100k.map((u) => u[0]);
const raterB = nominal100k.map((u) => u[1]);

// Baseline: visit every value of the same 100k units and count the non-missing ones.
const baseline = timeMs(() => {
  let c = 0;
  for (let i = 0; i < nominal100k.length; i++) {
    const u = nominal100k[i];
    for (let j = 0; j < u.length; j++) if (u[j] !== null) c++;
  }
  return c;
}, { runs: 11 });

const alphaNominal = timeMs(() => krippendorffAlpha(nominal100k, 'nominal'), { runs: 7 });
const alphaInterval = timeMs(() => krippendorffAlpha(interval100k, 'interval'), { runs: 7 });
const kappa = timeMs(() => cohenKappa(raterA, raterB), { runs: 7 });
const alpha1m = timeMs(() => krippendorffAlpha(nominal1m, 'nominal'), { runs: 3 });

const values = {
  nominal: krippendorffAlpha(nominal100k, 'nominal').alpha,
  interval: krippendorffAlpha(interval100k, 'interval').alpha,
  kappa: cohenKappa(raterA, raterB).kappa,
};
keep(values);

const figures: Figures = {
  alpha_nominal_100k_ms: { value: alphaNominal, unit: 'ms' },
  alpha_interval_100k_ms: { value: alphaInterval, unit: 'ms' },
  kappa_100k_ms: { value: kappa, unit: 'ms' },
  alpha_nominal_1m_ms: { value: alpha1m, unit: 'ms' },
  baseline_loop_100k_ms: { value: baseline, unit: 'ms' },
};
report('stats', figures, {
  alpha_nominal_100k_ms: `α = ${values.nominal.toFixed(3)}; ${(alphaNominal / baseline).toFixed(1)}× baseline; target < 1000 ms`,
  alpha_interval_100k_ms: `α = ${values.interval.toFixed(3)}; ${(alphaInterval / baseline).toFixed(1)}× baseline`,
  kappa_100k_ms: `κ = ${values.kappa.toFixed(3)}; ${(kappa / baseline).toFixed(1)}× baseline`,
  alpha_nominal_1m_ms: `${(alpha1m / alphaNominal).toFixed(1)}× the 100k time`,
  baseline_loop_100k_ms: 'visit each value, count non-missing',
});
