// Values for the schema preview before a project has rows: each type fills the fields it reads.

// A small drawn picture, so a box question's preview has something to draw on without any upload.
export const SAMPLE_IMAGE = `data:image/svg+xml;utf8,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"><rect width="640" height="400" fill="#dfe7f1"/>' +
    '<rect x="60" y="230" width="220" height="90" rx="18" fill="#c0392b"/><circle cx="110" cy="330" r="26" fill="#333"/>' +
    '<circle cx="235" cy="330" r="26" fill="#333"/><rect x="420" y="150" width="50" height="170" rx="20" fill="#2f6f3e"/>' +
    '<circle cx="445" cy="120" r="30" fill="#e0b48a"/></svg>',
)}`;

export const SAMPLE_PROMPT = 'How do I reset my router to its factory settings?';

export const SAMPLE_RESPONSES = [
  'Hold the reset button on the back for about ten seconds, until the lights blink; it then restarts with the factory settings.',
  'Unplug it and plug it back in.',
];

export const SAMPLE_TEXT = 'Acme Corp. hired Maria Lopez in Berlin last March to lead its new cloud team, the company said on Tuesday.';

/** `{[field]: value}` for each field that is set. */
export function sampleFields(...pairs: Array<[string | undefined | null, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of pairs) if (name && !(name in out)) out[name] = value;
  return out;
}
