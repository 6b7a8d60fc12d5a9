import { readFileSync } from 'node:fs'
import { KUBE_VERSION } from '../sim/cluster/spec.ts'
import { runCommand } from './run.ts'
import { shCommand } from './repl.ts'
import { UsageError } from './options.ts'
import { lessonsCommand } from './lessonsCommand.ts'
import { serveCommand } from './serveCommand.ts'
import { shareCommand } from './shareCommand.ts'

interface Subcommand {
  summary: string
  run(argv: string[]): Promise<number>
}

/** Subcommands; later ones (lessons, share, serve) register here. */
export const SUBCOMMANDS: Record<string, Subcommand> = {
  run: { summary: 'run a shell script against a fresh simulated cluster', run: runCommand },
  sh: { summary: 'an interactive shell on the simulated control-plane node', run: shCommand },
  lessons: {
    summary: 'list the course, or verify its lessons against the simulated cluster',
    run: lessonsCommand,
  },
  share: {
    summary: 'print a link that opens the cluster a script builds, in the browser',
    run: shareCommand,
  },
  serve: {
    summary: 'serve the simulated cluster as a Kubernetes API for the real kubectl',
    run: serveCommand,
  },
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  return pkg.version
}

function help(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((k) => k.length))
  return (
    'kubeplay: a Kubernetes ' +
    KUBE_VERSION +
    ' cluster simulated on your machine, for learning.\n\n' +
    'Usage: kubeplay COMMAND [options]\n\nCommands:\n' +
    Object.entries(SUBCOMMANDS)
      .map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}\n`)
      .join('') +
    '\nOptions:\n  -h, --help     show this help (kubeplay COMMAND --help for a command)\n  -v, --version  show the version\n'
  )
}

/** The `kubeplay` command line; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv
  if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    process.stdout.write(help())
    return cmd === undefined ? 2 : 0
  }
  if (cmd === '-v' || cmd === '--version' || cmd === 'version') {
    process.stdout.write(`kubeplay ${version()} (Kubernetes ${KUBE_VERSION}, simulated)\n`)
    return 0
  }
  const sub = SUBCOMMANDS[cmd]
  if (!sub) {
    process.stderr.write(`kubeplay: unknown command "${cmd}"\nRun 'kubeplay --help' for usage.\n`)
    return 2
  }
  try {
    return await sub.run(rest)
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(
        `kubeplay ${cmd}: ${e.message}\nRun 'kubeplay ${cmd} --help' for usage.\n`,
      )
      return 2
    }
    throw e
  }
}
