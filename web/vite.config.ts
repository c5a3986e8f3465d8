// Vite for the browser app. `source` first in the conditions so @fluxscope/shared resolves to its TS sources;
// the dev server proxies the API and health check to a running Fluxscope server (FLUXSCOPE_API).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env['FLUXSCOPE_API'] ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/healthz': { target: api, changeOrigin: false },
    },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
});
