// Vite build of the govscore web UI. Everything (fonts, icons, chart code) is
// bundled: the built pages fetch nothing but the govscore API on their origin.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// `npm run dev` proxies the API to a running `govscore serve`
// (GOVSCORE_API, default http://127.0.0.1:8080).
const api = process.env.GOVSCORE_API || 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [vue()],
  base: '/',
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (id.includes('node_modules/element-plus')) return 'element-plus'
          return undefined
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.js'],
    environment: 'node',
  },
})
