import type { IO } from './types.ts'

/** A new IO that overrides some streams and keeps asking the original whether to stop. */
export function deriveIO(io: IO, patch: Partial<IO>): IO {
  return {
    stdin: patch.stdin ?? io.stdin,
    out: patch.out ?? ((s) => io.out(s)),
    err: patch.err ?? ((s) => io.err(s)),
    interrupted: patch.interrupted ?? (() => io.interrupted()),
    isTTY: patch.isTTY ?? io.isTTY,
  }
}

/** An IO that collects output in memory (tests, command substitution, the CLI). */
export function bufferIO(
  stdin = '',
  opts: { isTTY?: boolean; interrupted?: () => boolean } = {},
): IO & {
  stdout: string
  stderr: string
} {
  const io = {
    stdin,
    stdout: '',
    stderr: '',
    out(s: string) {
      io.stdout += s
    },
    err(s: string) {
      io.stderr += s
    },
    interrupted: opts.interrupted ?? (() => false),
    isTTY: opts.isTTY ?? false,
  }
  return io
}

/** Quotes a word so the shell reads it back unchanged (`set -x`, `alias`, `declare -p`). */
export function shellQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s
  return "'" + s.replace(/'/g, "'\\''") + "'"
}
