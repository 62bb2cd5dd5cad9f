/**
 * chat_50_turns_open_ms: navigation to a row whose data is a 50-message conversation (code in three
 * languages, tables, lists, math), until the transcript is on screen with its first code highlighted.
 * Baseline in the same runs: chat_1_turn_open_ms, the same page with a one-message conversation.
 */
import { rng } from '../lib';
import type { WorkbenchFigure } from './figure';
import { warmOpenTime } from './page';
import { createProject, importRows, type Api } from './server';

type Message = { role: 'system' | 'user' | 'assistant'; content: string };

const CODE = [
  ['python', 'def moving_average(xs: list[float], k: int) -> list[float]:\n    """Mean of each window of k values."""\n    out, acc = [], sum(xs[:k])\n    out.append(acc / k)\n    for i in range(k, len(xs)):\n        acc += xs[i] - xs[i - k]\n        out.append(acc / k)\n    return out\n'],
  ['ts', 'export function debounce<T extends unknown[]>(fn: (...a: T) => void, ms: number) {\n  let t: ReturnType<typeof setTimeout> | undefined;\n  return (...a: T) => {\n    clearTimeout(t);\n    t = setTimeout(() => fn(...a), ms);\n  };\n}\n'],
  ['sql', "SELECT c.name, SUM(o.total) AS revenue\nFROM customers c\nJOIN orders o ON o.customer_id = c.id\nWHERE o.placed_at >= DATE '2025-01-01'\nGROUP BY c.name\nHAVING SUM(o.total) > 1000\nORDER BY revenue DESC;\n"],
] as const;

const TOPICS = ['caching', 'pagination', 'rate limits', 'index design', 'retries', 'time zones', 'rounding money', 'streaming parsers'];

/** A conversation of `turns` messages: a system prompt, then questions and markdown-rich answers in turn. */
export function benchConversation(turns: number, seed = 11): Message[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const out: Message[] = [{ role: 'system', content: 'You are a senior engineer. Answer with code where it helps.' }];
  while (out.length < turns) {
    const topic = pick(TOPICS);
    if (out.at(-1)!.role !== 'user') {
      out.push({ role: 'user', content: `How should I handle **${topic}** here? Keep it short, and show code.` });
      continue;
    }
    const [lang, code] = pick(CODE);
    out.push({
      role: 'assistant',
      content: [
        `### ${topic.charAt(0).toUpperCase() + topic.slice(1)}`,
        `Three things matter for ${topic}:`,
        '1. measure first, with a *realistic* load;\n2. keep the **hot path** small;\n3. make failure visible (`log` and count it).',
        `\`\`\`${lang}\n${code}\`\`\``,
        '| option | latency | cost |\n| --- | ---: | ---: |\n| in memory | 0.2 ms | low |\n| Redis | 1.1 ms | medium |\n| database | 6.5 ms | high |',
        `The error shrinks as $\\varepsilon_k = \\varepsilon_0 \\cdot 2^{-k}$, so after ${2 + Math.floor(rand() * 8)} rounds it is negligible.`,
        '> Note: numbers above are from a laptop, not production.',
      ].join('\n\n'),
    });
  }
  return out.slice(0, turns);
}

async function chatProject(lead: Api, turns: number): Promise<number> {
  const pid = await createProject(lead, `Bench: ${turns}-message chat`, [
    { id: 'verdict', type: 'classification', title: 'Verdict', config: { labels: [{ value: 'good' }, { value: 'bad' }] } },
  ]);
  await importRows(lead, pid, [{ externalId: `chat-${turns}`, data: { messages: benchConversation(turns) } }]);
  return pid;
}

/** Every message is on the page and the first answer's code is highlighted (the markdown chunk has run). */
const ready = (turns: number) =>
  `document.querySelectorAll('[data-turn]').length === ${turns} && !!document.querySelector('[data-turn="${Math.min(2, turns - 1)}"] ${turns > 1 ? 'pre code.hljs' : '.rich p'}') && !!document.querySelector('[data-question="verdict"]')`;

export const chatOpen: WorkbenchFigure = {
  name: 'chat_50_turns_open_ms',
  async measure({ page, base, lead }) {
    const big = await chatProject(lead, 50);
    const small = await chatProject(lead, 1);
    const value = await warmOpenTime(page, `${base}/projects/${big}/label`, ready(50));
    const baseline = await warmOpenTime(page, `${base}/projects/${small}/label`, ready(1));
    return {
      value,
      unit: 'ms',
      note: '50 messages with code, tables, math; first code highlighted, warm',
      aside: `(1 message: ${baseline.toFixed(1)} ms)`,
      more: { chat_1_turn_open_ms: { value: baseline, unit: 'ms', note: 'baseline: the same page with a 1-message conversation' } },
    };
  },
};
