import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      // Native modules stay outside the bundle; keytar is optional and loaded lazily at run time.
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // The mirror's worker thread (reconcile, rebuild, vectors) runs from its own file.
          mirrorWorker: resolve(__dirname, 'electron/core/mirror/mirrorWorker.ts'),
          // …and the helper threads a full rebuild decodes journals in (found beside mirrorWorker.js).
          journalDecodeWorker: resolve(__dirname, 'electron/core/mirror/journalDecodeWorker.ts'),
          // The built-in engine's own process (an Electron utilityProcess), found beside index.js.
          engineProcess: resolve(__dirname, 'electron/core/localEngine/engineProcess.ts'),
        },
        external: ['keytar', 'better-sqlite3-multiple-ciphers', 'node-llama-cpp'],
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but 'electron': bundle everything else into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        external: ['electron'],
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      // electron-vite leaves bundles unminified; the renderer is 2.4 MB that way and parses slower.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
