import { describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodePayload } from '../share/codec.ts'

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
    expect(link.startsWith('http://localhost:5173/#s=1.')).toBe(true)
    expect(decodePayload(link.slice(link.indexOf('#')))).toEqual({
      ok: true,
      payload: {
        v: 1,
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
})
