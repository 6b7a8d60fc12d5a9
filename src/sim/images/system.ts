import type { ImageDef, Program } from './types.ts'
import { registerImage, tagsOf } from './catalogue.ts'
import { commonTools, goLogTime, instant, serveForever } from './tools.ts'

/** A control-plane daemon: a start-up line, health endpoints answering `ok`, then serve. */
function daemon(
  name: string,
  ports: number[],
  memoryMi: number,
  firstLine?: (t: string) => string,
): Program {
  return function* (ctx) {
    if (firstLine)
      ctx.err(firstLine(goLogTime(ctx.now()).replace(/\//g, '').replace(' ', ' ')) + '\n')
    for (const port of ports) {
      ctx.listen(port, () => ({
        status: 200,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        body: 'ok',
      }))
    }
    ctx.setUsage(name === 'kube-apiserver' ? 40 : 2, memoryMi * 1024 * 1024)
    return yield* serveForever()
  }
}

/** klog header: `I0106 09:00:05.000000       1 server.go:...`. */
function klog(file: string, msg: string): (t: string) => string {
  return (t) => `I${t.slice(4, 8)} ${t.slice(9)}.000000       1 ${file}] ${msg}`
}

function systemImage(
  repository: string,
  tags: string[],
  size: number,
  program: Program,
  shell = false,
): ImageDef {
  const bin = repository.split('/').pop()!
  return {
    repository,
    tags: tagsOf(repository, size, tags),
    entrypoint: [`/usr/local/bin/${bin}`],
    tools: shell ? ['sh', 'cat', 'ls', 'echo'] : [],
    userland: 'gnu',

    shell: shell ? 'dash' : undefined,
    prompt: () => '# ',
    programs: {
      ...commonTools('gnu'),
      [bin]: program,
      [`/usr/local/bin/${bin}`]: program,
      [`/${bin}`]: program,
    },
    stop: { exits: 0 },
  }
}

const K8S = ['v1.32.0', 'v1.32.1', 'v1.32.2', 'v1.32.3', 'v1.32.4', 'v1.31.4', 'v1.30.8']

registerImage(
  systemImage(
    'registry.k8s.io/kube-apiserver',
    K8S,
    28_000_000,
    daemon(
      'kube-apiserver',
      [6443],
      250,
      klog('options.go:228', 'external host was not specified, using 192.168.49.2'),
    ),
  ),
)
registerImage(
  systemImage(
    'registry.k8s.io/kube-controller-manager',
    K8S,
    26_000_000,
    daemon(
      'kube-controller-manager',
      [10257],
      50,
      klog('serving.go:386', 'Generated self-signed cert in-memory'),
    ),
  ),
)
registerImage(
  systemImage(
    'registry.k8s.io/kube-scheduler',
    K8S,
    20_000_000,
    daemon(
      'kube-scheduler',
      [10259],
      20,
      klog('serving.go:386', 'Generated self-signed cert in-memory'),
    ),
  ),
)
registerImage(
  systemImage(
    'registry.k8s.io/kube-proxy',
    K8S,
    30_000_000,
    daemon('kube-proxy', [10256, 10249], 15, klog('server_linux.go:66', '"Using iptables proxy"')),
    true,
  ),
)
registerImage(
  systemImage(
    'registry.k8s.io/etcd',
    ['3.5.16-0', '3.5.15-0', '3.5.12-0'],
    57_000_000,
    daemon('etcd', [2379, 2380, 2381], 40),
  ),
)
registerImage(
  systemImage(
    'registry.k8s.io/pause',
    ['3.10', '3.9', '3.8', '3.6', '3.5', 'latest'],
    320_368,
    daemon('pause', [], 0),
  ),
)

const coredns: Program = function* (ctx) {
  ctx.out(
    '.:53\n[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908\nCoreDNS-1.11.3\nlinux/amd64, go1.21.11, a6338e9\n',
  )
  ctx.listen(53)
  ctx.listen(9153, () => ({ status: 200, headers: {}, body: '' }))
  ctx.listen(8080, () => ({ status: 200, headers: {}, body: 'OK' }))
  ctx.listen(8181, () => ({ status: 200, headers: {}, body: 'OK' }))
  ctx.setUsage(2, 15 * 1024 * 1024)
  return yield* serveForever()
}

registerImage({
  repository: 'registry.k8s.io/coredns/coredns',
  tags: tagsOf('registry.k8s.io/coredns/coredns', 18_562_039, [
    'v1.11.3',
    'v1.11.1',
    'v1.10.1',
    'v1.9.3',
  ]),
  entrypoint: ['/coredns'],
  tools: [],
  userland: 'gnu',
  prompt: () => '# ',
  programs: { '/coredns': coredns, coredns },
  stop: { exits: 0 },
})

const metricsServer: Program = daemon('metrics-server', [10250, 4443], 20)
registerImage(
  systemImage(
    'registry.k8s.io/metrics-server/metrics-server',
    ['v0.7.2', 'v0.7.1', 'v0.6.4'],
    19_000_000,
    metricsServer,
  ),
)

const flannel: Program = daemon('flanneld', [], 15)
registerImage({
  ...systemImage(
    'docker.io/flannel/flannel',
    ['v0.26.2', 'v0.26.1', 'v0.25.7'],
    32_000_000,
    flannel,
    true,
  ),
  entrypoint: ['/opt/bin/flanneld'],
  programs: {
    ...commonTools('gnu'),
    '/opt/bin/flanneld': flannel,
    cp: instant(() => 0),
  },
})
registerImage({
  ...systemImage(
    'docker.io/flannel/flannel-cni-plugin',
    ['v1.6.0-flannel1', 'v1.5.1-flannel2'],
    4_000_000,
    flannel,
    true,
  ),
  programs: {
    ...commonTools('gnu'),
    cp: instant(() => 0),
  },
})

const CALICO = ['v3.29.1', 'v3.28.2', 'v3.27.3', 'v3.26.1']
registerImage({
  ...systemImage('docker.io/calico/cni', CALICO, 97_612_474, daemon('install', [], 5), true),
  programs: {
    ...commonTools('gnu'),
    '/opt/cni/bin/install': instant((ctx) => {
      ctx.out(
        `${new Date(ctx.now()).toISOString().replace('T', ' ').slice(0, 23)} [INFO][1] cni-installer/install.go: CNI plugin version: ${ctx.tag}\n`,
      )
      return 0
    }),
  },
})
registerImage({
  ...systemImage(
    'docker.io/calico/node',
    CALICO,
    142_471_588,
    daemon('calico-node', [9099], 60),
    true,
  ),
  entrypoint: ['start_runit'],
  programs: { ...commonTools('gnu'), start_runit: daemon('calico-node', [9099], 60) },
})
registerImage(
  systemImage(
    'docker.io/calico/kube-controllers',
    CALICO,
    35_602_150,
    daemon('kube-controllers', [9094], 15),
  ),
)
registerImage(
  systemImage(
    'docker.io/kindest/kindnetd',
    ['v20241212-9f82dd49', 'v20241108-5c6d2daf'],
    39_008_320,
    daemon('kindnetd', [], 10),
  ),
)
registerImage({
  ...systemImage(
    'gcr.io/k8s-minikube/storage-provisioner',
    ['v5'],
    9_058_936,
    daemon('storage-provisioner', [], 8),
  ),
  programs: { '/storage-provisioner': daemon('storage-provisioner', [], 8) },
})
registerImage({
  ...systemImage(
    'docker.io/rancher/local-path-provisioner',
    ['v0.0.30', 'v0.0.29', 'v0.0.28'],
    19_649_078,
    daemon('local-path-provisioner', [], 10),
    true,
  ),
  programs: {
    ...commonTools('gnu'),
    'local-path-provisioner': daemon('local-path-provisioner', [], 10),
  },
})
registerImage(
  systemImage(
    'docker.io/kindest/local-path-helper',
    ['v20241212-8ac705d0'],
    3_000_000,
    instant(() => 0),
    true,
  ),
)
