import type { PodSync } from './podSync.ts'
import { mountErrors, syncVolumeFiles } from './volumes.ts'
import { hostPathTypeError, hostVolumeKey } from './hostFiles.ts'

const MOUNT_RETRY_MAX_MS = 122_000

export function mountsReady(s: PodSync): boolean {
  if (s.rt.mounted) return true
  const retry = s.rt.mountRetry
  if (retry && retry.at > s.now) {
    s.at(retry.at)
    return false
  }
  const errs = mountErrors(s.ctx.api, s.pod)
  for (const vol of s.pod.spec?.volumes ?? []) {
    const e = hostPathTypeError(vol, s.rt.node, s.k.files.hasVolume)
    if (e) errs.push(`MountVolume.SetUp failed for volume "${vol.name}" : ${e}`)
  }
  s.rt.mountError = errs.length ? errs : undefined
  if (!errs.length) {
    for (const vol of s.pod.spec?.volumes ?? []) {
      const type = vol.hostPath?.type
      if (type === 'DirectoryOrCreate' || type === 'FileOrCreate')
        s.k.files.ensureVolume(hostVolumeKey(s.rt.node, vol.hostPath.path, type === 'FileOrCreate'))
    }
    s.rt.mountRetry = undefined
    s.rt.mounted = true
    return true
  }
  for (const e of errs) s.event('Warning', 'FailedMount', e)
  const delay = Math.min((retry?.delay ?? 250) * 2, MOUNT_RETRY_MAX_MS)
  s.rt.mountRetry = { at: s.now + delay, delay }
  s.at(s.now + delay)
  return false
}

/** Updated ConfigMaps and Secrets reach mounted files at the next periodic sync (every 60 s). */
export function syncVolumes(s: PodSync): void {
  const running = s.rt.containers.filter(
    (c) => c.current && c.current.finishedAt === undefined && c.stage === 'running',
  )
  const apply = s.rt.volumeSyncAt !== undefined && s.rt.volumeSyncAt <= s.now
  let pending = false
  for (const c of running) {
    const input = {
      api: s.ctx.api,
      pod: s.pod,
      container: s.specOf(c),
      ip: s.rt.ip,
      hostIP: s.rt.hostIP,
    }
    if (syncVolumeFiles(input, s.k.fsOf(c.current!), apply)) pending = true
  }
  if (apply || !pending) s.rt.volumeSyncAt = undefined
  else if (s.rt.volumeSyncAt === undefined) {
    const start = Date.parse(s.rt.startTime)
    s.rt.volumeSyncAt = start + (Math.floor((s.now - start) / 60_000) + 1) * 60_000
  }
  if (s.rt.volumeSyncAt !== undefined) s.at(s.rt.volumeSyncAt)
}
