// Builds the renderer into dist/renderer/. base './' so the same files load under app:// in Electron and from the
// web host's root; every asset is a file (no inline script), which the CSP script-src 'self' requires.
// No Node imports here: the layering rule keeps renderer/ free of them, so paths come from import.meta.url.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { designTokensCss } from '../shared/design/tokens.js';

/** `import 'virtual:design-tokens.css'`: the design tokens the HTML report inlines too, as the app's first stylesheet. */
function designTokens(): Plugin {
  const id = 'virtual:design-tokens.css';
  const resolved = `\0${id}`;
  return {
    name: 'parity-design-tokens',
    resolveId: (source) => (source === id ? resolved : null),
    load: (loaded) => (loaded === resolved ? designTokensCss() : null),
  };
}

/** This folder as a file path (a leading "/" before a Windows drive letter removed). */
const here = decodeURIComponent(new URL('.', import.meta.url).pathname).replace(/^\/([A-Za-z]:)/, '$1');

export default defineConfig({
  root: here,
  base: './',
  plugins: [designTokens(), react()],
  build: {
    outDir: `${here}../dist/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Vega is loaded on demand in its own chunk (about 1 MB): the first screen does not wait for it.
    chunkSizeWarningLimit: 1500,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
});
