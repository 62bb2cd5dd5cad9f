/** Entry of the export suite's scale part in a process of its own (scale.ts `scaleFiguresApart`): dir, rows, size label, output file. */
import fs from 'node:fs';
import { scaleFigures } from './scale.js';

const [dir, n, size, out] = process.argv.slice(2);
fs.writeFileSync(out, JSON.stringify(await scaleFigures(dir, Number(n), size)));
