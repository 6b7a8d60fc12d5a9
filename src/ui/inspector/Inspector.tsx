import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { findObject, useApp, type AppState } from '../../store/index.ts'
import { engine } from '../../store/engine.ts'

const TYPE_FOR: Record<string, string> = {
  pods: 'pod',
  nodes: 'node',
  services: 'service',
  'deployments.apps': 'deployment.apps',
  'replicasets.apps': 'replicaset.apps',
  'statefulsets.apps': 'statefulset.apps',
  'daemonsets.apps': 'daemonset.apps',
  'jobs.batch': 'job.batch',
  'cronjobs.batch': 'cronjob.batch',
  configmaps: 'configmap',
  secrets: 'secret',
  persistentvolumeclaims: 'persistentvolumeclaim',
}

/** Describe, YAML, events and logs of the selected object, read with kubectl like a learner would. */
export function Inspector() {
  const { t } = useTranslation()
  const selected = useApp((s) => s.selected)
  const tab = useApp((s) => s.inspectorTab)
  const setTab = useApp((s) => s.setInspectorTab)
  const select = useApp((s) => s.select)
  const rv = useApp((s) => s.rv)
  const obj = useApp((s) => (s.selected ? findObject(s.objects, s.selected) : undefined))
  const [text, setText] = useState('')
  const requested = useRef(0)
  const shown = useRef(0)
  const currentView = useRef('')

  useEffect(() => {
    if (!selected) return
    const type = TYPE_FOR[selected.resource] ?? selected.resource
    const ns = selected.namespace ? ` -n ${selected.namespace}` : ''
    const lines: Record<AppState['inspectorTab'], string> = {
      describe: `kubectl describe ${type} ${selected.name}${ns}`,
      yaml: `kubectl get ${type} ${selected.name}${ns} -o yaml`,
      events: `kubectl events --for ${type.split('.')[0]}/${selected.name}${ns}`,
      logs: `kubectl logs ${selected.name}${ns} --all-containers --tail=200`,
      why: `kubectl describe ${type} ${selected.name}${ns}`,
    }
    // While the cluster is busy rv changes faster than a capture returns; cancelling every
    // older request would leave the inspector empty. Show the newest answer for this view instead.
    const id = ++requested.current
    const view = lines[tab]
    currentView.current = view
    void engine()
      .capture(view)
      .then((r) => {
        if (id < shown.current || currentView.current !== view) return
        shown.current = id
        setText(r.stdout + r.stderr)
      })
      .catch((e: unknown) => {
        if (currentView.current === view) setText(String(e))
      })
  }, [selected, tab, rv])

  if (!selected) return <div className="inspector-empty">{t('inspector.none')}</div>
  const tabs: AppState['inspectorTab'][] = ['describe', 'yaml', 'events']
  if (selected.resource === 'pods') tabs.push('logs')
  return (
    <section className="inspector" aria-label={t('panes.inspector')}>
      <header className="inspector-head">
        <strong>
          {obj?.kind ?? selected.resource} {selected.name}
        </strong>
        <button
          className="icon-button"
          onClick={() => select(null)}
          aria-label={t('inspector.close')}
        >
          ×
        </button>
      </header>
      <div role="tablist" className="tabs">
        {tabs.map((k) => (
          <button
            key={k}
            role="tab"
            aria-selected={tab === k}
            className={tab === k ? 'tab is-active' : 'tab'}
            onClick={() => setTab(k)}
          >
            {t(`inspector.${k}`)}
          </button>
        ))}
      </div>
      <pre className="inspector-body" data-testid="inspector-body">
        {text}
      </pre>
    </section>
  )
}
