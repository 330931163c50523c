/**
 * The web client's build (client/dist, served by the API process) and dev server. `npm start`
 * builds through this file when client/ changed; `npx vite --config client/vite.config.ts` serves
 * it with hot reload, proxying the API to API_URL (default http://localhost:3000).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: { '/api': api, '/health': api },
  },
});
