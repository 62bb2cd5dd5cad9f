/**
 * What a workbench figure is. A figure is one file in bench/workbench/ exporting a WorkbenchFigure, and
 * one line in figures.ts; bench/workbench.ts runs them in that list's order.
 */
import type { Browser, Page } from 'playwright-core';
import type { Api } from './server';

export interface BenchContext {
  base: string;
  browser: Browser;
  /** One 1280×800 page shared by the figures, signed in as cat@triad.test unless the figure runs signedOut. */
  page: Page;
  /** lead@triad.test and cat@triad.test through the API, for setup. */
  lead: Api;
  cat: Api;
}

export interface Measured {
  value: number;
  unit: 'ms' | 'KB';
  /** What the figure means, printed beside it in the table. */
  note: string;
  /** Printed after the value on the progress line, e.g. a baseline measured in the same runs. */
  aside?: string;
  /** Further figures the same runs produced (baselines), reported after this one in this order. */
  more?: Record<string, Omit<Measured, 'more' | 'aside'>>;
}

export interface WorkbenchFigure {
  /** The figure's name in the results file and in BENCH_ONLY. */
  name: string;
  /** Measured before the shared page signs in (figures that load the sign-in page or a bare document). */
  signedOut?: boolean;
  measure(ctx: BenchContext): Promise<Measured>;
}
