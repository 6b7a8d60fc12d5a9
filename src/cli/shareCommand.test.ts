import { describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodePayload, encodePayload } from '../share/codec.ts'
import { lessonPayload } from '../share/lessonLink.ts'
import type { LessonDraft } from '../share/builder.ts'

const BIN = join(import.meta.dirname, '../../bin/kubeplay.mjs')

describe('kubeplay share and run --link', () => {
  it('prints a compact link that run --link opens to the same cluster', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-share-'))
    writeFileSync(
      join(dir, 'build.sh'),
      'kubectl create deployment web --image=nginx --replicas=2\nsleep 30\n',
    )
    writeFileSync(join(dir, 'look.sh'), 'kubectl get deploy web\n')
    const link = execFileSync(
      'node',
      [BIN, 'share', '--seed', '4', '--base', 'http://localhost:5173/', join(dir, 'build.sh')],
      {
        encoding: 'utf8',
      },
    ).trim()
    expect(link.startsWith('http://localhost:5173/#s=2.')).toBe(true)
    expect(decodePayload(link.slice(link.indexOf('#')))).toEqual({
      ok: true,
      payload: {
        v: 2,
        scenario: {
          cluster: 'kubeadm',
          seed: 4,
          script: ['kubectl create deployment web --image=nginx --replicas=2', 'sleep 30'],
        },
      },
    })
    const out = execFileSync('node', [BIN, 'run', '--link', link, join(dir, 'look.sh')], {
      encoding: 'utf8',
    })
    expect(out).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/2     2            2           30s\n',
    )
    const bad = spawnSync(
      'node',
      [BIN, 'run', '--link', 'http://x/#s=9.abc', join(dir, 'look.sh')],
      { encoding: 'utf8' },
    )
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('newer Kubeplay')
  }, 120_000)

  it('plays a lesson from a link: the script is the attempt, the report says what still differs', () => {
    const draft: LessonDraft = {
      id: 'scale-web',
      title: { 'zh-CN': '扩容 web', en: 'Scale web' },
      text: { 'zh-CN': '把 web 扩到 3 个副本。', en: 'Scale web to 3 replicas.' },
      hints: [{ 'zh-CN': '用 kubectl scale。', en: 'Use kubectl scale.' }],
      checks: [
        {
          type: 'field',
          resource: 'deployments.apps',
          name: 'web',
          path: 'spec.replicas',
          value: 3,
        },
        { type: 'count', resource: 'pods', status: 'Running', op: 'eq', value: 3 },
      ],
      scenario: {
        seed: 5,
        setup: ['kubectl create deployment web --image=nginx'],
        settleSeconds: 30,
      },
      solution: ['kubectl scale deployment web --replicas=3'],
      source: { seed: '001', section: 'scaling' },
    }
    const out = lessonPayload(draft)
    if (!('payload' in out)) throw new Error(JSON.stringify(out.problems))
    const link = `http://localhost:5173/#${encodePayload(out.payload)}`
    const dir = mkdtempSync(join(tmpdir(), 'kp-lesson-'))
    writeFileSync(
      join(dir, 'solve.sh'),
      'kubectl scale deployment web --replicas=3\nkubectl rollout status deployment web\n',
    )
    writeFileSync(join(dir, 'half.sh'), 'kubectl scale deployment web --replicas=3\n')
    const solved = spawnSync('node', [BIN, 'run', '--link', link, join(dir, 'solve.sh')], {
      encoding: 'utf8',
    })
    expect(solved.stdout).toContain(
      'successfully rolled out\nok    scale-web/goal  (2 of 2 checks)\n',
    )
    expect(solved.stdout.endsWith('(2 of 2 checks)\n')).toBe(true)
    expect(solved.status).toBe(0)
    // Without waiting, the new pods are not running yet when the script ends.
    const half = spawnSync('node', [BIN, 'run', '--link', link, join(dir, 'half.sh')], {
      encoding: 'utf8',
    })
    const [scaled, fail, different, end] = half.stdout.split('\n')
    expect([scaled, fail, end]).toEqual([
      'deployment.apps/web scaled',
      'FAIL  scale-web/goal  (1 of 2 checks)',
      '',
    ])
    expect(different).toMatch(/^ {6}still different: \S/)
    expect(half.status).toBe(1)
  }, 120_000)

  it('starts a link that names a course lesson at that lesson, and reports its steps', () => {
    // A format 1 link naming the deployment-first lesson, as the first release wrote it.
    const link =
      'http://localhost:5173/#s=1.q1YqU7Iy1FHKSS0uzs9TsqpWykxRslJKSS3Iya_MTc0r0U3LLCouUaqtBQA'
    const r = spawnSync('node', [BIN, 'run', '--link', link, '-'], {
      encoding: 'utf8',
      input: 'ls\nkubectl get deploy\n',
    })
    const lines = r.stdout.split('\n')
    // The lesson's own files and empty cluster: this is where the lesson starts.
    expect(lines[0]).toBe('deployment.yaml')
    expect(r.stderr).toBe('No resources found in default namespace.\n')
    expect(lines.filter((l) => /^(ok|FAIL) /.test(l))).toEqual([
      expect.stringMatching(/^FAIL {2}deployment-first\/apply {2}\(0 of \d+ checks\)$/),
      expect.stringMatching(/^FAIL {2}deployment-first\/scale {2}\(0 of \d+ checks\)$/),
      expect.stringMatching(/^FAIL {2}deployment-first\/self-heal {2}\(\d+ of \d+ checks\)$/),
    ])
    expect(r.status).toBe(1)
  }, 60_000)
})
