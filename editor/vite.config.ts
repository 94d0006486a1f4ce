import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const editorRoot = fileURLToPath(new URL('.', import.meta.url));
const engineRoot = fileURLToPath(new URL('../engine/', import.meta.url));
const apiTarget = process.env.WAYFARER_API ?? 'http://localhost:3000';

/**
 * Whether a module may be dropped when nothing it exports is used. The editor imports the engine's
 * pure modules through their area indexes (engine/journeys/index.ts re-exports the durable runtime
 * too, and its simulation imports engine/store — node:fs, the MongoDB driver — on demand). Engine
 * modules have no import-time effects (docs/architecture.md), so declaring them side-effect free lets
 * the bundler keep only what the editor calls: validation, conditions, templates (about 80 kB less
 * than the bundler's own guess), and never the store.
 */
function hasSideEffects(id: string, external: boolean): boolean {
  if (external) return false;
  return !(id.startsWith(engineRoot) || /[\\/]node_modules[\\/](mongodb|bson|mongodb-connection-string-url)[\\/]/.test(id));
}

export default defineConfig({
  root: editorRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: process.env.WAYFARER_EDITOR_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      treeshake: { moduleSideEffects: hasSideEffects },
      // On a busy machine every build "takes significant time"; the warning says nothing about the editor.
      checks: { bundlerTimings: false },
      onLog(level, log, handler) {
        // The store's node built-ins are resolved for the lazy import, then dropped with it: not worth a warning.
        if (log.code === 'MODULE_EXTERNALIZED' || /externalized for browser compatibility/.test(log.message)) return;
        handler(level, log);
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': apiTarget,
      '/v1': apiTarget,
      '/health': apiTarget,
      '/docs': apiTarget,
    },
  },
});
