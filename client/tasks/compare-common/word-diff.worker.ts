import { wordDiff, type DiffPart } from './word-diff';

// Word diffs of long texts off the main thread: 20,000 characters rewritten a third of the way through
// take about half a second to diff, which on the page would freeze the typing it follows.

export interface DiffRequest { id: number; from: string; to: string }
export interface DiffReply { id: number; parts: DiffPart[] }

const scope = self as unknown as { onmessage: ((e: MessageEvent<DiffRequest>) => void) | null; postMessage(reply: DiffReply): void };
scope.onmessage = (e) => scope.postMessage({ id: e.data.id, parts: wordDiff(e.data.from, e.data.to) });
