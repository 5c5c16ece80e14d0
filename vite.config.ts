import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  // Module workers, which can split off chunks they import on demand (the engine's interop code).
  worker: { format: 'es' },
  // The page's first load is split by hand (docs/ARCHITECTURE.md, "First load"): the main chunk is
  // ~500 kB (~160 kB gzipped), the engine's worker ~570 kB (its ~90 kB of interop code are chunks
  // it loads on demand). The manifest lets e2e/first-load.spec.ts name the chunks that must not
  // load before they are needed.
  build: { chunkSizeWarningLimit: 700, manifest: true },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
