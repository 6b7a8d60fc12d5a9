import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** The real v1.32 binary: `kubectl` on PATH, or its versioned sibling behind gcloud's dispatcher. */
export function findKubectl(): string | undefined {
  let path: string
  try {
    path = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim()
  } catch {
    return undefined
  }
  if (!path) return undefined
  const version = spawnSync(path, ['version', '--client'], { encoding: 'utf8' }).stdout ?? ''
  if (!version.includes('-dispatcher')) return path
  const real = spawnSync('readlink', ['-f', path], { encoding: 'utf8' }).stdout.trim()
  const sibling = join(dirname(real), 'kubectl.1.32')
  return existsSync(sibling) ? sibling : undefined
}
