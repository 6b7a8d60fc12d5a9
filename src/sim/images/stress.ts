import type { ImageDef, Program } from './types.ts'
import { registerImage, tagsOf } from './catalogue.ts'
import { BUSYBOX_APPLETS, commonTools, serveForever } from './tools.ts'
import { parseQuantity } from '../registry/quantity.ts'

/** stress's --vm-bytes: a number with an optional B/K/M/G suffix (powers of 1024). */
function bytesArg(v: string | undefined): number {
  if (!v) return 256 * 1024 * 1024
  const m = /^(\d+)([bBkKmMgG]?)$/.exec(v)
  if (!m) return 0
  const mult = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()] ?? 1
  return Number(m[1]) * mult
}

/** `stress --cpu N --vm N --vm-bytes B --vm-hang S`: hogs that the kubelet's limits act on. */
const stress: Program = function* (ctx) {
  const args = ctx.argv.slice(1)
  const opt = (name: string, short: string): string | undefined => {
    const i = args.findIndex((a) => a === name || a === short)
    return i >= 0 ? args[i + 1] : undefined
  }
  const cpu = Number(opt('--cpu', '-c') ?? 0)
  const io = Number(opt('--io', '-i') ?? 0)
  const vm = Number(opt('--vm', '-m') ?? 0)
  const hdd = Number(opt('--hdd', '-d') ?? 0)
  if (!cpu && !io && !vm && !hdd) {
    ctx.out(
      "`stress' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n",
    )
    return 1
  }
  ctx.out(`stress: info: [1] dispatching hogs: ${cpu} cpu, ${io} io, ${vm} vm, ${hdd} hdd\n`)
  const perWorker = bytesArg(opt('--vm-bytes', '-b'))
  const memory = vm * perWorker + 1024 * 1024
  ctx.setUsage(cpu * 1000 + vm * 1000, memory)
  if (ctx.memoryLimit !== undefined && memory > ctx.memoryLimit) {
    ctx.err('stress: FAIL: [1] (415) <-- worker 7 got signal 9\n')
    ctx.err('stress: WARN: [1] (417) now reaping child worker processes\n')
    ctx.err('stress: FAIL: [1] (451) failed run completed in 0s\n')
  }
  const timeout = opt('--timeout', '-t')
  if (timeout) {
    const ms = parseQuantity(timeout.replace(/s$/, '')).value * 1000
    yield { type: 'sleep', ms }
    ctx.out(`stress: info: [1] successful run completed in ${Math.round(ms / 1000)}s\n`)
    return 0
  }
  return yield* serveForever()
}

export const stressImage: ImageDef = {
  repository: 'docker.io/polinux/stress',
  tags: tagsOf('docker.io/polinux/stress', 4_041_707, ['latest', '1.0.4']),
  cmd: ['stress', '--help'],
  tools: [...BUSYBOX_APPLETS, 'stress'],
  userland: 'busybox',

  shell: 'ash',
  prompt: () => '/ # ',
  programs: {
    ...commonTools('busybox'),
    stress,
    '/usr/local/bin/stress': stress,
    '/usr/bin/stress': stress,
  },
  env: () => ({ PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' }),
}

registerImage(stressImage)
