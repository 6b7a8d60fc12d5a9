import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { runShell } from './testing.ts'
import { newState } from './state.ts'

interface Case {
  src: string
  stdout: string
  stderr: string
  code: number
}

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/gnu-cases.json', import.meta.url), 'utf8'),
) as {
  files: Record<string, string>
  cases: Case[]
}

/** Every case was run through real bash and GNU tools; the shell must print the same, byte for byte. */
describe('shell and utilities against GNU bash and coreutils', () => {
  for (const c of fixture.cases) {
    it(c.src.split('\n')[0], () => {
      const state = newState({
        env: { HOME: '/root', PATH: '/usr/bin:/bin', PWD: '/root' },
        cwd: '/root',
      })
      state.interactive = false
      const r = runShell(c.src, { files: fixture.files, state })
      expect({ stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({
        stdout: c.stdout,
        stderr: c.stderr,
        code: c.code,
      })
    })
  }
})
