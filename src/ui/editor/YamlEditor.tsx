import { useEffect, useRef } from 'react'
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api'
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution'
import { configureMonacoYaml } from 'monaco-yaml'
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker'
import YamlWorker from 'monaco-yaml/yaml.worker?worker'
import { buildJsonSchema } from '../../sim/schema/jsonSchema.ts'
import { useApp } from '../../store/index.ts'

let configured = false
function configure(): void {
  if (configured) return
  configured = true
  ;(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
    getWorker: (_id: string, label: string) =>
      label === 'yaml' ? new YamlWorker() : new EditorWorker(),
  }
  configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    validate: true,
    completion: true,
    hover: true,
    schemas: [
      {
        uri: 'kubeplay://kubernetes-v1.32.json',
        fileMatch: ['*'],
        schema: buildJsonSchema() as never,
      },
    ],
  })
}

/** Monaco with Kubernetes-aware YAML: schema validation, completion and hover docs from v1.32. */
export default function YamlEditor({ path, onSave }: { path: string; onSave(): void }) {
  const host = useRef<HTMLDivElement>(null)
  const theme = useApp((s) => s.theme)
  const save = useRef(onSave)
  save.current = onSave

  useEffect(() => {
    configure()
    if (!host.current) return
    const tab = useApp.getState().tabs.find((t) => t.path === path)
    const uri = monaco.Uri.parse(`file://${path}`)
    const model =
      monaco.editor.getModel(uri) ?? monaco.editor.createModel(tab?.content ?? '', 'yaml', uri)
    if (tab && model.getValue() !== tab.content) model.setValue(tab.content)
    const editor = monaco.editor.create(host.current, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      theme: useApp.getState().theme === 'dark' ? 'vs-dark' : 'vs',
      ariaLabel: path,
    })
    const sub = model.onDidChangeContent(() => useApp.getState().updateTab(path, model.getValue()))
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => save.current())
    const unsub = useApp.subscribe((s) => {
      const t = s.tabs.find((x) => x.path === path)
      if (t && t.content !== model.getValue()) model.setValue(t.content)
      monaco.editor.setModelMarkers(
        model,
        'kubectl',
        (t?.markers ?? []).map((m) => ({
          severity: monaco.MarkerSeverity.Error,
          message: m.message,
          startLineNumber: m.line,
          endLineNumber: m.line,
          startColumn: 1,
          endColumn: 1000,
        })),
      )
    })
    return () => {
      unsub()
      sub.dispose()
      editor.dispose()
    }
  }, [path])

  useEffect(() => monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs'), [theme])

  return <div ref={host} className="monaco-host" data-testid="yaml-editor" />
}
