import type { SessionSnapshot } from '../session/session.ts'
import type { FsNode } from '../shell/fs.ts'
import type { ShareTab } from './payload.ts'

/** What the node itself keeps in the home directory; everything else there is the learner's. */
const SYSTEM_HOME_ENTRIES = new Set(['.kube'])

/**
 * A session snapshot without the learner's files in /root, for a link shared without "include my
 * files". The cluster, the shell and the node's own files (kubeconfig, /etc) stay as they are.
 */
export function withoutHomeFiles(snapshot: SessionSnapshot): SessionSnapshot {
  const copy = structuredClone(snapshot)
  const root = copy.fs.root
  const home = root.k === 'd' ? root.entries['root'] : undefined
  if (home?.k === 'd') {
    const kept: Record<string, FsNode> = {}
    for (const [name, node] of Object.entries(home.entries))
      if (SYSTEM_HOME_ENTRIES.has(name)) kept[name] = node
    home.entries = kept
  }
  return copy
}

/**
 * Editor tabs for a link: every open path, and the buffer's text only where it differs from the
 * file (what the learner typed but did not save), so saved files are not carried twice.
 */
export function shareTabs(tabs: { path: string; content: string; saved: string }[]): ShareTab[] {
  return tabs.map((t) =>
    t.content === t.saved ? { path: t.path } : { path: t.path, content: t.content },
  )
}
