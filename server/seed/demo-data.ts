/** The rows of the demo projects: small, realistic, and covering every task type. */

export const sentimentRows = [
  'Battery lasts two full days and the screen is gorgeous. Best phone I have owned.',
  'Stopped charging after a week. Support never answered my emails.',
  'It does what the box says. Nothing more, nothing less.',
  'Great, it broke on day two. Exactly what I wanted from a premium blender.',
  'The fit is perfect and the fabric feels expensive. Ordering a second one.',
  'Arrived on time. The colour is slightly darker than in the photos.',
  'Loud, heavy and the app crashes constantly. Returning it.',
  'My kids love it and it survived being dropped down the stairs.',
  'Decent sound for the price, but the bass is muddy at high volume.',
  'Instructions were missing two steps; assembly took three hours.',
  'Honestly the best coffee grinder under a hundred dollars.',
  'It is a cable. It charges my phone.',
];

export const nerRows = [
  'Angela Merkel met Emmanuel Macron in Berlin on Tuesday.',
  'Apple opened a new office in Munich, according to Reuters.',
  'FC Barcelona signed the Brazilian striker for 40 million euros.',
  'The European Union fined Google over its Android contracts.',
  'Dr. Jane Goodall will speak at Stanford University next month.',
  'Floods hit northern Italy as the Po river burst its banks.',
  'Microsoft and OpenAI extended their partnership in Redmond.',
  'The World Cup final in Qatar drew a record audience.',
  'Lake Geneva lies between Switzerland and France.',
  'Toyota recalled cars sold in Japan and the United States.',
  'Serena Williams won her first title at the US Open in 1999.',
  'The United Nations held talks in Vienna with Iranian officials.',
];

export const preferenceRows = [
  {
    prompt: 'How do I reverse a list in Python?',
    responses: [
      'Use `my_list.reverse()` to reverse in place, or `my_list[::-1]` to get a reversed copy.',
      'Python lists cannot be reversed; convert the list to a string first and reverse the string.',
    ],
  },
  {
    prompt: 'Give me a two-sentence summary of photosynthesis.',
    responses: [
      'Plants use sunlight, water and carbon dioxide to make glucose. Oxygen is released as a by-product.',
      'Photosynthesis is a process. It happens in plants and was discovered in 1492 by Columbus.',
    ],
  },
  {
    prompt: 'What is a good way to start running as a beginner?',
    responses: [
      'Start with run-walk intervals three times a week and increase running time by about 10% per week.',
      'Run a marathon in your first week to build endurance quickly.',
    ],
  },
  {
    prompt: 'Translate "Where is the train station?" into Spanish.',
    responses: ['¿Dónde está la estación de tren?', '¿Dónde está la estación del tren, por favor amigo?'],
  },
  {
    prompt: 'Explain what an API is to a ten-year-old.',
    responses: [
      'An API is like a waiter: you tell it what you want, it tells the kitchen, and brings back your food.',
      'An API (Application Programming Interface) is a set of protocols, routines and tools for building software.',
    ],
  },
  {
    prompt: 'Suggest a name for a bakery.',
    responses: ['The Rolling Pin', 'Bread'],
  },
  {
    prompt: 'Is it safe to mix bleach and ammonia for cleaning?',
    responses: [
      'No. Mixing them releases toxic chloramine gas. Use one product at a time and ventilate the room.',
      'Yes, mixing cleaners makes them stronger and saves time.',
    ],
  },
  {
    prompt: 'Write a haiku about autumn.',
    responses: ['Crisp leaves drift and fall / the maple lets go of red / cold wind takes the rest', 'Autumn is a season that comes after summer and before winter.'],
  },
  {
    prompt: 'What does HTTP status 404 mean?',
    responses: ['The server could not find the requested resource.', 'The server is overloaded, so try again later.'],
  },
  {
    prompt: 'How many continents are there?',
    responses: ['Seven, by the most common convention: Africa, Antarctica, Asia, Australia, Europe, North America and South America.', 'There are exactly five continents and this is agreed by all geographers.'],
  },
  {
    prompt: 'Recommend a book for learning statistics.',
    responses: ['"The Art of Statistics" by David Spiegelhalter is clear and practical for beginners.', 'Read any book; they are all the same.'],
  },
  {
    prompt: 'Convert 100 degrees Fahrenheit to Celsius.',
    responses: ['About 37.8 °C, since C = (F − 32) × 5/9.', '100 °F is 212 °C.'],
  },
];

export const ratingRows = preferenceRows.map((r) => ({ prompt: r.prompt, response: r.responses[r.prompt.length % 2] }));

export const rewriteRows = [
  { prompt: 'How do I boil an egg?', draft: 'put egg in water and boil it i guess for like some minutes until done' },
  { prompt: 'What is the capital of Australia?', draft: 'Sydney is the capital of Australia.' },
  { prompt: 'Why is the sky blue?', draft: 'because it reflects the ocean' },
  { prompt: 'How can I improve my sleep?', draft: 'sleep more. also drink coffee at night to relax.' },
  { prompt: 'What is compound interest?', draft: 'interest that you get once' },
  { prompt: 'How do I center a div in CSS?', draft: 'use center tag' },
  { prompt: 'What causes seasons on Earth?', draft: 'the earth gets closer to the sun in summer' },
  { prompt: 'How do vaccines work?', draft: 'they put the disease in you so you get sick a little' },
  { prompt: 'What is a prime number?', draft: 'a number that is odd' },
  { prompt: 'How do I write a good CV?', draft: 'write everything you ever did on 5 pages' },
  { prompt: 'What is machine learning?', draft: 'robots thinking' },
  { prompt: 'How should I store fresh basil?', draft: 'in the fridge in a plastic bag' },
];

/** The flagship: an LLM-response review job. A third of the rows need a finance or cs expert. */
export const reviewRows: {
  domain: 'general' | 'finance' | 'cs';
  context: string; query: string; response: string;
  verdict: 'good' | 'partial' | 'bad';
  entities: [string, string][];
  scores: [number, number, number];
}[] = [
  {
    domain: 'finance',
    context: 'Acme Corp reported Q3 revenue of $4.2 billion, up 8% year over year. Operating margin fell to 11% from 13% because of higher logistics costs.',
    query: 'Did Acme become more profitable in Q3?',
    response: 'Not in margin terms: Acme Corp grew revenue 8% to $4.2 billion, but its operating margin fell from 13% to 11% because logistics got more expensive.',
    verdict: 'good', entities: [['Acme Corp', 'ORG'], ['$4.2 billion', 'MONEY']], scores: [5, 5, 5],
  },
  {
    domain: 'cs',
    context: 'PostgreSQL supports SKIP LOCKED since version 9.5. It lets a transaction skip rows that another transaction holds a lock on.',
    query: 'How can several workers take jobs from one Postgres table without blocking each other?',
    response: 'Use SELECT ... FOR UPDATE SKIP LOCKED inside a transaction: PostgreSQL will skip rows locked by other workers. It exists since version 8.0.',
    verdict: 'partial', entities: [['PostgreSQL', 'TECH']], scores: [3, 4, 5],
  },
  {
    domain: 'general',
    context: 'The Eiffel Tower was completed in 1889 for the World Fair and is 330 metres tall including antennas.',
    query: 'When was the Eiffel Tower built?',
    response: 'It was completed in 1889, for the World Fair held in Paris that year.',
    verdict: 'good', entities: [], scores: [5, 5, 5],
  },
  {
    domain: 'finance',
    context: 'The central bank raised its policy rate by 25 basis points to 4.5% and signalled one more increase this year.',
    query: 'What did the central bank decide?',
    response: 'The central bank cut rates by 0.25 percentage points to 4.5%, and promised no more changes this year.',
    verdict: 'bad', entities: [], scores: [1, 2, 5],
  },
  {
    domain: 'general',
    context: 'Marie Curie won the Nobel Prize in Physics in 1903 with Pierre Curie and Henri Becquerel, and the Nobel Prize in Chemistry in 1911.',
    query: 'How many Nobel Prizes did Marie Curie win?',
    response: 'Marie Curie won two Nobel Prizes: Physics in 1903, shared with Pierre Curie and Henri Becquerel, and Chemistry in 1911.',
    verdict: 'good', entities: [['Marie Curie', 'PERSON'], ['Pierre Curie', 'PERSON'], ['Henri Becquerel', 'PERSON']], scores: [5, 5, 5],
  },
  {
    domain: 'cs',
    context: 'React 18 introduced automatic batching: state updates inside promises, timeouts and native event handlers are batched by default.',
    query: 'Does React batch state updates inside setTimeout?',
    response: 'Yes. Since React 18, updates inside setTimeout are batched automatically, like those in React event handlers.',
    verdict: 'good', entities: [['React', 'TECH']], scores: [5, 5, 5],
  },
  {
    domain: 'general',
    context: 'The store opens at 9:00 on weekdays and 10:00 on Saturdays. It is closed on Sundays.',
    query: 'Can I shop there on Sunday morning?',
    response: 'Yes, it opens at 10:00 on Sundays.',
    verdict: 'bad', entities: [], scores: [1, 1, 5],
  },
  {
    domain: 'general',
    context: 'Globex issued $500 million of 10-year bonds with a 5.25% coupon. Proceeds will refinance debt maturing in 2027.',
    query: 'What will Globex do with the bond money?',
    response: 'Globex will use the $500 million to refinance debt that matures in 2027.',
    verdict: 'good', entities: [['Globex', 'ORG'], ['$500 million', 'MONEY']], scores: [5, 5, 5],
  },
  {
    domain: 'general',
    context: 'Regular exercise lowers the risk of heart disease and improves sleep quality, according to the WHO.',
    query: 'Why should I exercise?',
    response: 'According to the WHO, regular exercise lowers your risk of heart disease and helps you sleep better. It also guarantees weight loss within a week.',
    verdict: 'partial', entities: [['WHO', 'ORG']], scores: [3, 4, 4],
  },
  {
    domain: 'general',
    context: 'Git rebase rewrites commit history by replaying commits on a new base. It should not be used on commits already pushed to a shared branch.',
    query: 'Is it fine to rebase a shared branch?',
    response: 'Avoid it: git rebase rewrites history, so rebasing commits others already pulled causes conflicts for them. Use git merge on shared branches.',
    verdict: 'good', entities: [['git', 'TECH']], scores: [5, 5, 5],
  },
  {
    domain: 'general',
    context: 'The museum offers free entry to children under 12 and to everyone on the first Sunday of each month.',
    query: 'Do adults ever get in free?',
    response: 'Yes, everyone enters for free on the first Sunday of every month.',
    verdict: 'good', entities: [], scores: [5, 5, 5],
  },
  {
    domain: 'general',
    context: 'Tim Berners-Lee proposed the World Wide Web at CERN in 1989.',
    query: 'Who invented the web?',
    response: 'Tim Berners-Lee proposed the World Wide Web in 1989 while working at CERN.',
    verdict: 'good', entities: [['Tim Berners-Lee', 'PERSON'], ['CERN', 'ORG']], scores: [5, 5, 5],
  },
];
