import type { ImageDef, Program } from './types.ts'
import { registerAlias, registerImage, tagsOf } from './catalogue.ts'
import { BUSYBOX_APPLETS, commonTools, DEBIAN_TOOLS, instant } from './tools.ts'

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

/** `sh` as a main process without a terminal reads an empty stdin and exits 0 at once. */
const shNoTty: Program = instant(() => 0)

const curlNoArgs: Program = instant((ctx) => {
  ctx.err("curl: try 'curl --help' or 'curl --manual' for more information\n")
  return 2
})

function busyboxLike(
  repository: string,
  size: number,
  tags: string[],
  extra: Partial<ImageDef> = {},
): ImageDef {
  return {
    repository,
    tags: tagsOf(repository, size, tags),
    cmd: ['sh'],
    tools: BUSYBOX_APPLETS,
    userland: 'busybox',

    shell: 'ash',
    prompt: () => '/ # ',
    programs: { ...commonTools('busybox'), sh: shNoTty },
    env: () => ({ PATH }),
    baseMemory: 256 * 1024,
    ...extra,
  }
}

registerImage(
  busyboxLike('docker.io/library/busybox', 2_155_630, [
    'latest',
    'stable',
    'musl',
    'glibc',
    'uclibc',
    '1.37',
    '1.37.0',
    '1.36',
    '1.36.1',
    '1.35',
    '1.34',
    '1.33',
    '1.32',
    '1.31',
    '1.30',
    '1.29',
    '1.28',
    '1.28.4',
    '1.27',
    '1.26',
    '1.25',
    '1.24',
  ]),
)
registerAlias('gcr.io/google_containers/busybox', 'docker.io/library/busybox')
registerAlias('registry.k8s.io/busybox', 'docker.io/library/busybox')
registerAlias('k8s.gcr.io/busybox', 'docker.io/library/busybox')

registerImage(
  busyboxLike('docker.io/library/alpine', 3_642_881, [
    'latest',
    '3',
    '3.21',
    '3.21.0',
    '3.20',
    '3.19',
    '3.18',
    '3.17',
    '3.16',
    '3.15',
    '3.14',
    '3.13',
    '3.12',
    'edge',
  ]),
)

registerImage(
  busyboxLike(
    'docker.io/curlimages/curl',
    10_252_330,
    ['latest', '8.11.1', '8.10.1', '8.9.1', '8.5.0', '8.1.2', '7.85.0', '7.78.0', '7.72.0'],
    {
      entrypoint: ['/entrypoint.sh'],
      cmd: ['curl'],
      user: 'curl_user',
      workdir: '/home/curl_user',
      tools: [...BUSYBOX_APPLETS, 'curl'],
      prompt: () => '~ $ ',
      // `curl` itself is the real tool, so `kubectl exec … -- curl -s web` works; only the bare
      // entrypoint (no arguments) prints curl's usage hint.
      programs: { ...commonTools('busybox'), '/entrypoint.sh': curlNoArgs, sh: shNoTty },
    },
  ),
)

registerImage(
  busyboxLike('docker.io/appropriate/curl', 3_283_121, ['latest', 'edge'], {
    entrypoint: ['curl'],
    cmd: undefined,
    tools: [...BUSYBOX_APPLETS, 'curl'],
    programs: { ...commonTools('busybox'), sh: shNoTty },
  }),
)

registerImage(
  busyboxLike('docker.io/radial/busyboxplus', 4_951_022, ['latest', 'curl'], {
    tools: [...BUSYBOX_APPLETS, 'curl'],
  }),
)

function debianLike(repository: string, size: number, tags: string[]): ImageDef {
  return {
    repository,
    tags: tagsOf(repository, size, tags),
    cmd: ['bash'],
    tools: DEBIAN_TOOLS,
    userland: 'gnu',

    shell: 'dash',
    bash: true,
    prompt: (pod) => `root@${pod}:/# `,
    programs: { ...commonTools('gnu'), bash: shNoTty, sh: shNoTty },
    env: () => ({ PATH }),
    baseMemory: 512 * 1024,
  }
}

registerImage(
  debianLike('docker.io/library/ubuntu', 29_754_290, [
    'latest',
    '24.04',
    'noble',
    '22.04',
    'jammy',
    '20.04',
    'focal',
    '18.04',
  ]),
)
registerImage(
  debianLike('docker.io/library/debian', 48_494_272, [
    'latest',
    'bookworm',
    'bookworm-slim',
    '12',
    '12-slim',
    'bullseye',
    '11',
  ]),
)

export const SHELL_ONLY: Record<string, Program> = { sh: shNoTty }
