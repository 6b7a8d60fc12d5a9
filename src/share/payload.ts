/**
 * What a share link carries. Versioned: every version ever published keeps decoding through the
 * migrations in migrations.ts.
 */
export interface ShareScenario {
  cluster?: 'kubeadm' | 'minikube' | 'tutorial-001'
  seed?: number
  /** Virtual start time (epoch ms). */
  start?: number
  /** Files in /root. */
  files?: Record<string, string>
  /** Shell lines that build the starting cluster, replayed deterministically. */
  script?: string[]
}

export interface SharePayload {
  v: 1
  lang?: 'zh-CN' | 'en'
  title?: string
  lesson?: { id: string; step?: string }
  /** Compact form: a scenario replayed on open. */
  scenario?: ShareScenario
  /** Exact form: the whole engine state, when replaying is not exact or too long. */
  snapshot?: unknown
  /** Editor tabs to open. */
  open?: string[]
}

export const CURRENT_VERSION = 1
