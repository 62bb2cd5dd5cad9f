import { z } from 'zod';

// Imported first by main.tsx. zod's compiled parsers probe `new Function` on first use; under the app's
// Content-Security-Policy (no 'unsafe-eval') that probe is refused and reported as a violation. The client
// parses little, so the interpreted parsers cost nothing noticeable.
z.config({ jitless: true });
