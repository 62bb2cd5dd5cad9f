import type { CompareProps } from '../types';

/**
 * What a comparison view accepts: the page's `CompareProps`, plus two optional facts the page may pass
 * when it has them. Both are optional so a view still fits `ComponentType<CompareProps>` in the registry.
 */
export type CompareViewProps<C, A> = CompareProps<C, A> & {
  /** Which labelers marked their answer "best effort" (non-experts deferring to an expert). */
  bestEffort?: [boolean, boolean];
  /** The final editor owns the keyboard (its label hotkeys are live). */
  active?: boolean;
};

export type Side = 0 | 1;
