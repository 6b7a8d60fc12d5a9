import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../../store/index.ts'

const RESOURCE_OF: Record<string, string> = {
  Pod: 'pods',
  Node: 'nodes',
  Service: 'services',
  Deployment: 'deployments.apps',
  ReplicaSet: 'replicasets.apps',
  StatefulSet: 'statefulsets.apps',
  DaemonSet: 'daemonsets.apps',
  Job: 'jobs.batch',
  CronJob: 'cronjobs.batch',
  PersistentVolumeClaim: 'persistentvolumeclaims',
}

/** The latest events, newest first; clicking one selects the object it is about. */
export function EventsTimeline() {
  const { t } = useTranslation()
  const events = useApp((s) => s.objects['events'])
  const namespace = useApp((s) => s.namespace)
  const select = useApp((s) => s.select)
  const rows = useMemo(() => {
    const list = Object.values(events ?? {}).filter(
      (e) => namespace === null || e.metadata.namespace === namespace,
    )
    const time = (e: any): string =>
      e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? ''
    return list.sort((a, b) => (time(a) < time(b) ? 1 : time(a) > time(b) ? -1 : 0)).slice(0, 60)
  }, [events, namespace])
  if (!rows.length) return <div className="events-empty">{t('events.none')}</div>
  return (
    <ul className="events" aria-label={t('panes.events')}>
      {rows.map((e) => {
        const io = e.involvedObject ?? e.regarding ?? {}
        const resource = RESOURCE_OF[io.kind]
        return (
          <li key={e.metadata.uid} className={e.type === 'Warning' ? 'event is-warning' : 'event'}>
            <button
              className="event-button"
              disabled={!resource}
              onClick={() =>
                resource && select({ resource, namespace: io.namespace, name: io.name })
              }
            >
              <span className="event-reason">{e.reason}</span>
              <span className="event-object">
                {String(io.kind ?? '').toLowerCase()}/{io.name}
              </span>
              <span className="event-message">
                {e.message ?? e.note}
                {(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}
              </span>
            </button>
          </li>
        )
      })}
    </ul>
  )
}
