#!/usr/bin/env node
// Runs first in `npm test`: the suite needs the installed packages and Debian's Chromium (Playwright's own
// browser download cannot work offline), and it is kinder to say so in one line than to fail deep inside.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/bin/chromium';
const problems = [];

function check(what, ok, fix) {
  console.log(`${ok ? 'ok ' : 'MISSING'}  ${what}`);
  if (!ok) problems.push(`${what}: ${fix}`);
}

const major = Number(process.versions.node.split('.')[0]);
check(`node >= 20 (found ${process.versions.node})`, major >= 20, 'install Node.js 20 or newer');

const nodeModules = path.join(root, 'node_modules');
check('node_modules', fs.existsSync(nodeModules), 'install the packages with: npm ci');
if (fs.existsSync(nodeModules)) {
  for (const pkg of ['vitest', 'vite', 'typescript', '@playwright/test', 'jsdom', '@testing-library/react', 'tsx']) {
    check(`node_modules/${pkg}`, fs.existsSync(path.join(nodeModules, pkg, 'package.json')), 'reinstall the packages with: npm ci');
  }
}

let chromiumOk = false;
try {
  fs.accessSync(CHROMIUM, fs.constants.X_OK);
  chromiumOk = true;
} catch {
  chromiumOk = false;
}
check(`${CHROMIUM} (browser tests)`, chromiumOk, 'install it with: apt-get install -y chromium');

if (problems.length) {
  console.error('\nThe tests cannot run yet:');
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log('\nTest dependencies are in place.');
