import type { Effect, Proc } from './types.ts'

/** How a driver satisfies effects synchronously (CLI, tests, the engine's own processes). */
export interface SyncHost {
  sleep(ms: number): void
  wait(until: () => boolean, maxMs: number): void
  edit(path: string): void
}

/** Runs a command to completion, handling its effects immediately. */
export function driveSync(proc: Proc, host: SyncHost): number {
  for (;;) {
    const step = proc.next()
    if (step.done) return step.value
    handle(step.value, host)
  }
}

function handle(effect: Effect, host: SyncHost): void {
  switch (effect.type) {
    case 'sleep':
      host.sleep(effect.ms)
      break
    case 'wait':
      host.wait(effect.until, effect.maxMs)
      break
    case 'edit':
      host.edit(effect.path)
      break
  }
}

/** What an asynchronous driver provides (the app's worker, where time follows a real ticker). */
export interface AsyncHost {
  sleep(ms: number): Promise<void>
  wait(until: () => boolean, maxMs: number): Promise<void>
  edit(path: string): Promise<void>
}

export async function driveAsync(proc: Proc, host: AsyncHost): Promise<number> {
  for (;;) {
    const step = proc.next()
    if (step.done) return step.value
    const e = step.value
    if (e.type === 'sleep') await host.sleep(e.ms)
    else if (e.type === 'wait') await host.wait(e.until, e.maxMs)
    else await host.edit(e.path)
  }
}
