import { workApi, type NextResult } from '../../api/work';

/**
 * The label page's first claim, asked for the moment the session check answers on a direct open of
 * /projects/:id/label, instead of after the page's code has loaded and rendered (the claim and that
 * work then overlap). The page takes it if it is this project's and fresh; the same request is what the
 * page would have sent, and a claim nobody takes lapses with its lease like any other.
 */
const FRESH_MS = 15_000;
const LABEL_PATH = /^\/projects\/([1-9]\d{0,14})\/label\/?$/;

let pending: { projectId: number; at: number; claim: Promise<NextResult> } | null = null;

export function prefetchClaimFor(pathname: string): void {
  const m = LABEL_PATH.exec(pathname);
  if (!m) return;
  const claim = workApi.next(Number(m[1]));
  // Unhandled until the page takes it; a failure then reaches the page, which shows it as its own.
  claim.catch(() => undefined);
  pending = { projectId: Number(m[1]), at: Date.now(), claim };
}

/** The prefetched claim for this project, once; null when there is none or it is stale. */
export function takePrefetchedClaim(projectId: number): Promise<NextResult> | null {
  const p = pending;
  pending = null;
  return p && p.projectId === projectId && Date.now() - p.at <= FRESH_MS ? p.claim : null;
}
