/**
 * The seed notes' transcripts as scripts: every kubectl command line of a note's "Commands" section
 * that runs on its own (no pipes, placeholders, interactive sessions or endless watches), with the
 * note's manifests as files, on the cluster the tutorial uses.
 */
import type { Lesson } from '../../lessons/types.ts'

export interface SeedScript {
  seed: string
  cluster: 'kubeadm' | 'minikube' | 'tutorial-001'
  files: Record<string, string>
  commands: string[]
}

const CLUSTERS: Record<string, SeedScript['cluster']> = {
  '001': 'tutorial-001',
  '004': 'minikube',
}

/** Lines that cannot run unattended or are templates rather than commands. */
const SKIP =
  /[<>|;&$`*{}\\[\]…]|\.\.\.|\bTYPE\b|\bNAME\b|\s-w\b|--watch|\blogs\s+-f\b|-f\s*$|\b(port-forward|exec|attach|edit|proxy|cp|debug|wait)\b|\s-it?\b|\brollout\s+(status|undo)\b|\brolling-update\b|\s-s\s|--server|\bconfig\b|\bdrain\b|[^\x20-\x7e]/

function section(text: string, n: number): string {
  const start = text.search(new RegExp(`^## ${n}\\.`, 'm'))
  if (start < 0) return ''
  const rest = text.slice(start + 1)
  const end = rest.search(/^## \d+\./m)
  return end < 0 ? rest : rest.slice(0, end)
}

function commandsOf(text: string): string[] {
  const out: string[] = []
  for (const raw of section(text, 2).split('\n')) {
    const found: string[] = []
    for (const m of raw.matchAll(/`((?:\[[^\]`]*\][#$] |\$ )?(?:kubectl|kk) [^`]+)`/g))
      found.push(m[1])
    const code = /^\s{2,}(?:\$ |\[[^\]]*\][#$] )?((?:kubectl|kk) .*)$/.exec(raw)
    if (code && !raw.includes('`')) found.push(code[1])
    for (const f of found) {
      const line = f
        .replace(/^(\[[^\]]*\][#$] |\$ )/, '')
        .replace(/\s+#.*$/, '')
        .trim()
      if (!SKIP.test(line) && line.split(/\s+/).length > 1) out.push(line)
    }
  }
  return out
}

function manifestsOf(text: string): Record<string, string> {
  const files: Record<string, string> = {}
  const body = section(text, 3)
  for (const m of body.matchAll(
    /^#{3,4} [^\n]*?`([^`\n]*?([\w.-]+\.ya?ml))`[^\n]*\n([\s\S]*?)(?=^#{3,4} |$(?![\s\S]))/gm,
  )) {
    const name = m[2]
    const block = /```ya?ml\n([\s\S]*?)```/.exec(m[3])
    if (block && !(name in files)) files[name] = block[1]
  }
  return files
}

/** One script per note. */
export function seedScript(seed: string, text: string): SeedScript {
  return {
    seed,
    cluster: CLUSTERS[seed] ?? 'kubeadm',
    files: manifestsOf(text),
    commands: commandsOf(text),
  }
}

/** Cluster time between two commands of a transcript: the reader runs them a little apart. */
const PAUSE_S = 15

/** The script as a one-step lesson, so it plays through the lesson machinery. */
export function asLesson(s: SeedScript): Lesson {
  const text = { 'zh-CN': s.seed, en: s.seed }
  return {
    id: `seed-${s.seed}`,
    version: 1,
    track: 'seeds',
    order: 0,
    title: text,
    summary: text,
    source: { seed: s.seed, section: 'all' },
    scenario: { cluster: s.cluster, seed: Number(s.seed) + 1, files: s.files },
    steps: [
      {
        id: 'transcript',
        title: text,
        text,
        checks: [],
        hints: [],
        solution: s.commands.flatMap((c) => [c, `sleep ${PAUSE_S}`]),
        settleSeconds: 0,
      },
    ],
  }
}
