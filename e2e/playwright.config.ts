import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A port nobody listens on now, so parallel runs (other engineers, CI) do not collide on one number. */
async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(port, '0.0.0.0', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
  try {
    return await tryPort(preferred);
  } catch {
    return tryPort(0);
  }
}

// Playwright loads this file in the runner and again in each worker; the runner's choices travel to the
// workers through the environment, so all agree on one server and one data directory.
if (!process.env.TRIAD_E2E_PORT) process.env.TRIAD_E2E_PORT = String(await freePort(4310));
if (!process.env.TRIAD_E2E_DATA_DIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-e2e-'));
  process.env.TRIAD_E2E_DATA_DIR = dir;
  // The runner made it, so the runner removes it when it exits (after the server has been stopped);
  // TRIAD_E2E_KEEP=1 keeps the database for looking into a failure.
  if (!process.env.TRIAD_E2E_KEEP) process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  else console.log(`e2e data directory (kept): ${dir}`);
}
const port = Number(process.env.TRIAD_E2E_PORT);
const dataDir = process.env.TRIAD_E2E_DATA_DIR;
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: '.',
  outputDir: './output/results',
  // One server with one database: tests build on each other's data (a project created, then its member).
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'npx tsx server/main.ts',
    cwd: root,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { ...(process.env as Record<string, string>), PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1' },
  },
});
