import { readFileSync } from 'node:fs'
import { parseCommon, UsageError } from './options.ts'
import { linkForScenario } from '../share/sessionLink.ts'
import type { ShareScenario } from '../share/payload.ts'

export const SHARE_HELP = `Usage: kubeplay share [options] SCRIPT|-

Prints a Kubeplay link that opens a cluster built by running SCRIPT on a fresh cluster: the link
holds the seed, cluster, files and script lines (nothing is uploaded; it all lives in the link's
#fragment), so everyone who opens it gets the identical cluster.

Options:
  --seed N          seed for the cluster (default 1)
  --cluster NAME    kubeadm (default), minikube or tutorial-001
  --files DIR       files for /root, included in the link
  --base URL        the Kubeplay address the link points to (default https://kubeplay.dev/)
`

const SHAREABLE = ['kubeadm', 'minikube', 'tutorial-001'] as const

export async function shareCommand(argv: string[]): Promise<number> {
  let base = 'https://kubeplay.dev/'
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--base') {
      const v = argv[++i]
      if (v === undefined) throw new UsageError('--base needs a value')
      base = v
    } else if (argv[i].startsWith('--base=')) base = argv[i].slice('--base='.length)
    else rest.push(argv[i])
  }
  const opts = parseCommon(rest)
  if (opts.rest.includes('-h') || opts.rest.includes('--help')) {
    process.stdout.write(SHARE_HELP)
    return 0
  }
  const unknown = opts.rest.find((a) => a.startsWith('-') && a !== '-')
  if (unknown) throw new UsageError(`unknown option ${unknown}`)
  if (opts.rest.length !== 1)
    throw new UsageError('give one script file, or - to read the script from standard input')
  const cluster = opts.session.cluster ?? 'kubeadm'
  if (typeof cluster !== 'string' || !(SHAREABLE as readonly string[]).includes(cluster))
    throw new UsageError(
      `cluster "${String(cluster)}" cannot be shared (one of: ${SHAREABLE.join(', ')})`,
    )
  if (opts.session.profile && opts.session.profile !== 'realistic')
    throw new UsageError('links always open with the realistic profile; drop --profile')
  const src = opts.rest[0] === '-' ? await readStdin() : readFileSync(opts.rest[0], 'utf8')
  const scenario: ShareScenario = {
    cluster: cluster as ShareScenario['cluster'],
    seed: opts.session.seed ?? 1,
  }
  if (opts.session.files && Object.keys(opts.session.files).length)
    scenario.files = opts.session.files
  const script = src.replace(/\n$/, '').split('\n')
  if (src.trim()) scenario.script = script
  process.stdout.write(linkForScenario(base, scenario) + '\n')
  return 0
}

async function readStdin(): Promise<string> {
  const parts: Buffer[] = []
  for await (const p of process.stdin) parts.push(p as Buffer)
  return Buffer.concat(parts).toString('utf8')
}
