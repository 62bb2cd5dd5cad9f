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

/**
 * Each group of specs gets its own server and database, so one group's data (a project created, rows
 * labeled) never changes what another group sees; specs inside a group build on each other in order.
 */
const GROUPS = [
  { name: 'foundation', testMatch: /foundation\.spec\.ts/ },
  { name: 'label', testMatch: /label-.*\.spec\.ts/ },
  { name: 'review', testMatch: /(review-.*|per-turn)\.spec\.ts/ },
  { name: 'console', testMatch: /console.*\.spec\.ts/ },
  { name: 'security', testMatch: /security\.spec\.ts/ },
];

// Playwright loads this file in the runner and again in each worker; the runner's choices travel to the
// workers through the environment, so all agree on each group's server and data directory.
const servers = [];
for (const [i, g] of GROUPS.entries()) {
  const portKey = `TRIAD_E2E_PORT_${g.name}`;
  const dirKey = `TRIAD_E2E_DATA_DIR_${g.name}`;
  if (!process.env[portKey]) process.env[portKey] = String(await freePort(4310 + i));
  if (!process.env[dirKey]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `triad-e2e-${g.name}-`));
    process.env[dirKey] = dir;
    // The runner made it, so the runner removes it when it exits (after the servers have been stopped);
    // TRIAD_E2E_KEEP=1 keeps the databases for looking into a failure.
    if (!process.env.TRIAD_E2E_KEEP) process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    else console.log(`e2e data directory of ${g.name} (kept): ${dir}`);
  }
  servers.push({ ...g, port: Number(process.env[portKey]), dataDir: process.env[dirKey]! });
}

export default defineConfig({
  testDir: '.',
  outputDir: './output/results',
  // One worker: the groups' specs run one after the other, each against its own server.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: servers.map((g) => ({ name: g.name, testMatch: g.testMatch, use: { baseURL: `http://127.0.0.1:${g.port}` } })),
  webServer: servers.map((g) => ({
    command: 'npx tsx server/main.ts',
    cwd: root,
    url: `http://127.0.0.1:${g.port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    env: {
      ...(process.env as Record<string, string>), PORT: String(g.port), DATA_DIR: g.dataDir, HOST: '127.0.0.1',
      // The webhook spec's receiver listens on this machine: allowed for the console group's server only.
      ...(g.name === 'console' ? { TRIAD_WEBHOOK_ALLOW: '127.0.0.1' } : {}),
    },
  })),
});
