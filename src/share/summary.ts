/**
 * A Markdown report of the cluster for an issue tracker or a tutor. Every table is real kubectl
 * output (run read-only in the session), so what the reader sees is what `kubectl` would print.
 */
export interface SummaryInput {
  /** Runs a read-only command and returns what it printed (stdout, then stderr). */
  run(line: string): string
  /** Shell history, oldest first. */
  history: string[]
  /** How many of the last terminal commands to list. */
  lastCommands?: number
}

const SECTIONS: { title: string; line: string }[] = [
  { title: 'Nodes', line: 'kubectl get nodes -o wide' },
  {
    title: 'Workloads',
    line: 'kubectl get deployments,replicasets,statefulsets,daemonsets,jobs,services -A',
  },
  { title: 'Pods', line: 'kubectl get pods -A -o wide' },
  {
    title: 'Recent warning events',
    line: 'kubectl get events -A --field-selector type=Warning --sort-by=.lastTimestamp',
  },
]

/** Backtick fences longer than any run of backticks inside, so output cannot close the block. */
function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length))
  const f = '`'.repeat(longest + 1)
  return `${f}\n${text.replace(/\n$/, '')}\n${f}\n`
}

export function markdownSummary(input: SummaryInput): string {
  let md = '# Kubeplay cluster (Kubernetes v1.32, simulated)\n'
  for (const s of SECTIONS) {
    const out = input.run(s.line).trim()
    md += `\n## ${s.title}\n\n\`$ ${s.line}\`\n\n${fence(out || 'No resources found')}`
  }
  const last = input.history.slice(-(input.lastCommands ?? 15))
  md += '\n## Last terminal commands\n\n'
  md += last.length ? fence(last.map((l) => `$ ${l}`).join('\n')) : '(none)\n'
  return md
}
