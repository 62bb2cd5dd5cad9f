import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the copied third-party fixtures live: inside the repository, so a clone alone runs the tests. */
export const FIXTURES_DIR = path.dirname(fileURLToPath(import.meta.url));
