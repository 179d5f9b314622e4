/** Builds the portal SPA (src/web) into dist/web; the API serves it (src/api/web-routes.ts). */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline scripts or module preload polyfill: the page runs under script-src 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Libraries change less often than the portal: their own files stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'charts', test: /node_modules[\\/](echarts|zrender)/ },
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler|i18next|react-i18next)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    // '^/api/' and not '/api': the latter also catches the portal's own src/web/api.ts
    proxy: { '^/api/': 'http://127.0.0.1:8080' },
  },
});
