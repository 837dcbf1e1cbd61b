import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * index.html carries the strict Content-Security-Policy the production build runs under. The
 * dev server needs an inline script (React Fast Refresh), injects CSS as <style> elements and
 * talks over a websocket (HMR), so only there the policy is loosened; `vite build` and
 * `vite preview` serve it as written.
 */
function devCsp(): Plugin {
  return {
    name: 'atopview-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: wss:");
    },
  };
}

export default defineConfig({
  // relative asset URLs: the build works from any path (a file server, a sub-directory)
  base: './',
  plugins: [react(), devCsp()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // the parser (layouts, inflate) lives in the worker chunk
    chunkSizeWarningLimit: 800,
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1' },
});
