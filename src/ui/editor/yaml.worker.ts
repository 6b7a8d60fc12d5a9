// The YAML language worker, bundled by Vite as its own file.
import 'monaco-yaml/yaml.worker.js'
