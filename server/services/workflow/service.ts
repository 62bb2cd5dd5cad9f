// The workflow's actions, one file per who acts: handing out work (next.ts), holding a claim (claim.ts),
// labeling (label.ts), QA (qa.ts) and leads (lead.ts), over the shared plumbing (transaction.ts).
export type { WorkDeps, Caller } from './transaction.js';
export * from './next.js';
export * from './claim.js';
export * from './label.js';
export * from './qa.js';
export * from './lead.js';
