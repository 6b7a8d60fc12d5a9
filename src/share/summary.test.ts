import { describe, expect, it } from 'vitest'
import { createSession, runLineSync } from '../session/session.ts'
import { markdownSummary } from './summary.ts'

describe('markdown summary', () => {
  it('lists nodes, workloads, pods, warnings and the last commands as kubectl prints them', () => {
    const session = createSession({ seed: 5 })
    for (const line of [
      'kubectl create deployment web --image=nginx --replicas=2',
      'kubectl run broken --image=nginx:doesnotexist',
      'sleep 60',
    ])
      runLineSync(session, line)
    const run = (line: string): string => {
      const r = runLineSync(session, line, { record: false, isTTY: false })
      return r.stdout + r.stderr
    }
    const md = markdownSummary({ run, history: session.shell.history })
    expect(md).toContain('## Nodes')
    expect(md).toMatch(/control-plane\s+Ready\s+control-plane/)
    expect(md).toMatch(/deployment\.apps\/web\s+2\/2/)
    expect(md).toMatch(/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/)
    expect(md).toMatch(/broken\s+0\/1\s+(ErrImagePull|ImagePullBackOff)/)
    expect(md).toContain('Failed')
    expect(md).toContain('$ kubectl run broken --image=nginx:doesnotexist')
  }, 60_000)

  it('keeps command output inside its code block', () => {
    const md = markdownSummary({ run: () => 'a ``` b', history: ['echo ```'] })
    expect(md).toContain('````\na ``` b\n````')
  })
})
