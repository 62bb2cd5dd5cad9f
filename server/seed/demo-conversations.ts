/**
 * The flagship demo's rows: multi-turn conversations with an assistant (markdown, code, a table, a formula),
 * three candidate next replies to rank, and the weakest one as a draft to rewrite. Finance and computing
 * rows need an expert. Written for the demo; no outside source.
 */

type Msg = { role: 'system' | 'user' | 'assistant'; content: string };
export interface ConversationRow {
  domain: 'general' | 'finance' | 'cs';
  conversation: Msg[];
  /** Three candidate replies to the conversation's last user message, best first as the author sees it. */
  candidates: [string, string, string];
}

const sys = (content: string): Msg => ({ role: 'system', content });
const user = (content: string): Msg => ({ role: 'user', content });
const bot = (content: string): Msg => ({ role: 'assistant', content });
const fence = '```';

export const conversationRows: ConversationRow[] = [
  {
    domain: 'cs',
    conversation: [
      sys('You are a senior Python reviewer. Be precise and show code.'),
      user('Why does this print `[3, 3, 3]` instead of `[0, 1, 2]`?\n\n' + fence + 'python\nfs = [lambda: i for i in range(3)]\nprint([f() for f in fs])\n' + fence),
      bot('Each lambda closes over the **variable** `i`, not its value at creation time. When you call them, the loop has finished and `i` is `2`… wait, it prints `[2, 2, 2]`, not `[3, 3, 3]`: `range(3)` stops at 2.\n\nBind the value with a default argument:\n\n' + fence + 'python\nfs = [lambda i=i: i for i in range(3)]\nprint([f() for f in fs])  # [0, 1, 2]\n' + fence),
      user('Right, it was `[2, 2, 2]`. Is there a way without the default-argument trick?'),
      bot('Yes, use `functools.partial`, which stores the argument when it is created:\n\n' + fence + 'python\nfrom functools import partial\n\ndef ident(x):\n    return x\n\nfs = [partial(ident, i) for i in range(3)]\n' + fence + '\n\nOr build the closures in a factory function so each call gets its own scope.'),
      user('Which one would you use in production code?'),
    ],
    candidates: [
      'A small factory function is the clearest for readers:\n\n' + fence + 'python\ndef make_getter(i):\n    return lambda: i\n\nfs = [make_getter(i) for i in range(3)]\n' + fence + '\n\n`partial` is fine too; avoid the default-argument trick in public APIs, because callers can override `i` by accident.',
      'Always use the default-argument trick, it is the fastest and the most Pythonic.',
      'Use a global variable for `i` and update it before each call.',
    ],
  },
  {
    domain: 'finance',
    conversation: [
      user('I invest $10,000 at 6% a year, compounded monthly. How much after 10 years?'),
      bot('Use the compound interest formula $A = P(1 + r/n)^{nt}$ with $P = 10000$, $r = 0.06$, $n = 12$, $t = 10$:\n\n$A = 10000 × (1.005)^{120} ≈ 18,194$\n\nSo about **$18,194**.'),
      user('And if it were compounded yearly?'),
      bot('With $n = 1$: $A = 10000 × 1.06^{10} ≈ 17,908$. Monthly compounding earns you about **$286** more.'),
      user('Can you show both in a table, with the effective annual rate?'),
    ],
    candidates: [
      '| Compounding | Value after 10 years | Effective annual rate |\n|---|---:|---:|\n| Monthly | $18,194 | 6.17% |\n| Yearly | $17,908 | 6.00% |\n\nThe effective rate of monthly compounding is $(1 + 0.06/12)^{12} − 1 ≈ 6.17\\%$.',
      '| Compounding | Value |\n|---|---|\n| Monthly | $18,194 |\n| Yearly | $17,908 |\n\nThe effective annual rate is 6% in both cases.',
      'Monthly gives more money. The effective annual rate is always 12 × 6% = 72%.',
    ],
  },
  {
    domain: 'general',
    conversation: [
      user('Plan a 3-day trip to Lisbon for someone who likes food and walking.'),
      bot('**Day 1 – Baixa and Alfama**: walk from Praça do Comércio up to the Miradouro de Santa Luzia; lunch on grilled sardines; evening fado in Alfama.\n\n**Day 2 – Belém**: Jerónimos Monastery, the tower, and *pastéis de nata* at the original bakery.\n\n**Day 3 – LX Factory and Bairro Alto**: brunch at LX Factory, then petiscos (small plates) in Bairro Alto.'),
      user('Is Lisbon hilly? My knees are not great.'),
    ],
    candidates: [
      'Yes, very: Alfama and Bairro Alto are steep with cobbles. Use tram 28 or the Santa Justa and Glória funiculars for the climbs, keep Day 2 (Belém, flat along the river) as your longest walking day, and wear shoes with good grip.',
      'Lisbon is quite flat, so walking everywhere is easy.',
      'Yes. Take taxis.',
    ],
  },
  {
    domain: 'cs',
    conversation: [
      sys('You help with SQL on PostgreSQL 15.'),
      user('I need each customer with their latest order. Tables: `customers(id, name)`, `orders(id, customer_id, created_at, total)`.'),
      bot('Use `DISTINCT ON`, which keeps the first row of each group in the `ORDER BY` order:\n\n' + fence + 'sql\nSELECT DISTINCT ON (c.id) c.id, c.name, o.id AS order_id, o.created_at, o.total\nFROM customers c\nJOIN orders o ON o.customer_id = c.id\nORDER BY c.id, o.created_at DESC;\n' + fence),
      user('Customers without orders disappear. How do I keep them?'),
      bot('Switch to a `LEFT JOIN`; their order columns will be `NULL`:\n\n' + fence + 'sql\nSELECT DISTINCT ON (c.id) c.id, c.name, o.id AS order_id, o.created_at, o.total\nFROM customers c\nLEFT JOIN orders o ON o.customer_id = c.id\nORDER BY c.id, o.created_at DESC NULLS LAST;\n' + fence),
      user('This is slow on 50 million orders. What index helps?'),
    ],
    candidates: [
      'Index the lookup the query does per customer:\n\n' + fence + 'sql\nCREATE INDEX CONCURRENTLY orders_customer_latest\n  ON orders (customer_id, created_at DESC);\n' + fence + '\n\nWith few customers and many orders, a `LATERAL` subquery with `LIMIT 1` per customer then reads one index entry each instead of sorting 50 million rows.',
      'Add an index on `orders(created_at)`.',
      'PostgreSQL cannot index this; move the table to a NoSQL store.',
    ],
  },
  {
    domain: 'finance',
    conversation: [
      user('What is the difference between a bond\'s coupon rate and its yield to maturity?'),
      bot('The **coupon rate** is fixed: the annual interest as a share of face value. The **yield to maturity (YTM)** is the return you earn if you buy at today\'s price and hold to maturity, counting coupons and the gain or loss to face value.'),
      user('So if rates rise after I buy, what happens to my bond?'),
    ],
    candidates: [
      'Its market price falls, so that its yield matches new bonds; your coupons do not change. If you hold it to maturity you still get face value back, so the loss is only realised if you sell early.',
      'Your coupon goes up to match the new rates.',
      'Nothing happens to bonds when rates change.',
    ],
  },
  {
    domain: 'general',
    conversation: [
      user('My sourdough starter smells like nail polish remover. Is it ruined?'),
      bot('Not ruined: an acetone smell means it is **hungry**. The yeast has run out of food and is producing acetone-like compounds.'),
      user('What should I do now?'),
    ],
    candidates: [
      '1. Discard all but about 50 g.\n2. Feed it 1:1:1 (50 g starter, 50 g flour, 50 g water).\n3. Repeat every 12 hours for two days, at room temperature.\n\nOnce it doubles within 4–8 hours of a feed and smells yeasty, it is ready to bake with.',
      'Throw it away and buy a new one.',
      'Add sugar and put it in the fridge for a week.',
    ],
  },
  {
    domain: 'cs',
    conversation: [
      user('What does `git rebase -i HEAD~3` do?'),
      bot('It opens an editor listing your last **3 commits**, oldest first. For each you choose an action: `pick` (keep), `reword`, `squash`/`fixup` (merge into the one above), `drop`, and so on. Git then replays them in that order.'),
      user('I already pushed those commits to a shared branch. Is it safe to rebase them?'),
    ],
    candidates: [
      'Not without coordination: rebasing rewrites the commits, so you would need `git push --force-with-lease`, and everyone who pulled the branch must reset onto the new history. On a shared branch, prefer `git revert` or a follow-up commit.',
      'Yes, just run `git push --force` afterwards; nobody will notice.',
      'Rebasing pushed commits is impossible; git will refuse.',
    ],
  },
  {
    domain: 'finance',
    conversation: [
      user('I sold shares for a profit after 8 months. In the US, how is that taxed?'),
      bot('Shares held **one year or less** give a *short-term* capital gain, taxed as ordinary income at your marginal rate. Held longer, the gain is *long-term* and taxed at 0%, 15% or 20% depending on income.'),
      user('If I had waited five more months, how much could I have saved on a $5,000 gain at a 24% bracket?'),
    ],
    candidates: [
      'Short-term: 24% × $5,000 = **$1,200**. Long-term, at 24% ordinary income you would most likely be in the 15% bracket: 15% × $5,000 = **$750**. Waiting would have saved about **$450** (before any state tax or the 3.8% net investment income tax, if it applies).',
      'You would have saved $5,000 because long-term gains are not taxed.',
      'Short-term: $1,200; long-term: $750. Savings: $1,950.',
    ],
  },
  {
    domain: 'general',
    conversation: [
      user('Write a polite email declining a job offer. Keep it short.'),
      bot('Subject: Job offer – thank you\n\nDear Ms Rivera,\n\nThank you for offering me the Data Analyst role. After careful thought I have decided to accept another position that fits my plans more closely. I enjoyed meeting the team and hope our paths cross again.\n\nKind regards,\nSam'),
      user('Make it warmer, and mention I would like to stay in touch.'),
    ],
    candidates: [
      'Subject: Thank you for the offer\n\nDear Ms Rivera,\n\nThank you so much for offering me the Data Analyst role; I really enjoyed getting to know you and the team. After a lot of thought I have accepted another position, so I must decline with regret.\n\nI would love to stay in touch: may I connect with you on LinkedIn?\n\nWarm regards,\nSam',
      'Dear Ms Rivera, no thanks. Let us stay in touch. Sam',
      'Subject: Offer\n\nI accept the offer. Looking forward to starting!\n\nSam',
    ],
  },
  {
    domain: 'cs',
    conversation: [
      user('What is the time complexity of this function?\n\n' + fence + 'ts\nfunction pairs(xs: number[]) {\n  const out: [number, number][] = [];\n  for (let i = 0; i < xs.length; i++)\n    for (let j = i + 1; j < xs.length; j++) out.push([xs[i], xs[j]]);\n  return out;\n}\n' + fence),
      bot('It is **O(n²)**: the inner loop runs n−1, n−2, …, 1 times, which sums to n(n−1)/2.'),
      user('And its memory use?'),
    ],
    candidates: [
      'Also **O(n²)**: it stores every pair, n(n−1)/2 of them, each a two-element array. If you only need to visit the pairs, a generator (`function*` with `yield [xs[i], xs[j]]`) brings extra memory down to O(1).',
      'O(n), because it only loops over the input.',
      'O(1): arrays in JavaScript do not use memory until they are read.',
    ],
  },
  {
    domain: 'finance',
    conversation: [
      sys('You are a careful personal-finance assistant. You do not give individual investment advice.'),
      user('Should I put all my savings into one tech stock that a friend says will double?'),
      bot('I cannot tell you what to buy, but putting **all** your savings into **one** stock is very risky: a single company can lose most of its value quickly, and tips from friends are not research.'),
      user('So what do people usually do instead?'),
    ],
    candidates: [
      'Common practice is to keep an emergency fund (often 3–6 months of expenses) in cash, then invest for the long term in diversified, low-cost funds (for example broad index funds) rather than single stocks, and to size any single-stock bet so that losing it would not hurt your plans. A licensed adviser can tailor this to you.',
      'Most people buy the stock their friends recommend; it usually works out.',
      'Put it in one stock but set a stop-loss at 1% so you can never lose money.',
    ],
  },
  {
    domain: 'general',
    conversation: [
      user('Explain the difference between weather and climate in two sentences.'),
      bot('**Weather** is the state of the atmosphere at a place and time: today\'s rain or heat. **Climate** is the pattern of weather over decades: what a place is usually like.'),
      user('Then how can a cold winter happen if the climate is warming?'),
    ],
    candidates: [
      'Because a warming climate shifts the average, not every day: natural variability still brings cold spells, they just become less frequent and less extreme over decades. One winter is weather; the long-term trend is climate.',
      'It cannot; a cold winter proves the climate is not warming.',
      'Cold winters happen because the Earth is farther from the Sun in winter.',
    ],
  },
];
