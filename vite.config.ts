import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const alias = { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) };

// One config: `vite build` builds client/ into dist/client; vitest runs three projects
// (pure shared code and the server in node, the React client in jsdom).
export default defineConfig({
  root: 'client',
  plugins: [react()],
  resolve: { alias },
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'shared', root: '.', include: ['shared/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'server', root: '.', include: ['server/**/*.test.ts'], environment: 'node',
          // Postgres-only tests (*.pg.test.ts) run in the Postgres pass (DATABASE_URL set), not as skips here.
          exclude: process.env.DATABASE_URL ? [] : ['server/**/*.pg.test.ts'],
          testTimeout: 60_000, hookTimeout: 60_000,
        },
      },
      {
        plugins: [react()],
        resolve: { alias },
        test: {
          name: 'client', root: '.', include: ['client/**/*.test.tsx', 'client/**/*.test.ts'], environment: 'jsdom',
          setupFiles: ['client/test-setup.ts'],
        },
      },
    ],
  },
});
