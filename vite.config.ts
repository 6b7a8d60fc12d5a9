import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const monacoEsm = fileURLToPath(new URL('./node_modules/monaco-editor/esm/vs/', import.meta.url))

// `base: './'` keeps every asset path relative, so the built site works from any static host and sub-path.
export default defineConfig({
  base: './',
  plugins: [react()],
  resolve: {
    // monaco-yaml's worker imports monaco's deep ESM paths, which monaco 0.57's export map no longer lists.
    alias: [{ find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: `${monacoEsm}$1` }],
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
  server: { host: '127.0.0.1' },
})
