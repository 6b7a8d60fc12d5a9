import type { MemFs } from '../../shell/fs.ts'

type Spec = Record<string, any>

/** What is at a path on a node, as hostPath's type check sees it. */
export type HostKind = 'dir' | 'file' | 'socket' | 'char' | 'block'

/**
 * The parts of a kubeadm node's file system that hostPath volumes in tutorials and examples
 * reach for (logs, the container runtime's socket, machine identity, devices). Anything else is
 * absent until a DirectoryOrCreate/FileOrCreate volume makes it.
 */
const DIRS = [
  '/',
  '/dev',
  '/etc',
  '/etc/cni',
  '/etc/cni/net.d',
  '/etc/kubernetes',
  '/etc/kubernetes/manifests',
  '/etc/ssl',
  '/etc/ssl/certs',
  '/home',
  '/lib',
  '/lib/modules',
  '/mnt',
  '/opt',
  '/opt/cni',
  '/opt/cni/bin',
  '/proc',
  '/root',
  '/run',
  '/run/containerd',
  '/sys',
  '/tmp',
  '/usr',
  '/usr/bin',
  '/usr/local',
  '/usr/share',
  '/var',
  '/var/lib',
  '/var/lib/containerd',
  '/var/lib/kubelet',
  '/var/lib/kubelet/pods',
  '/var/log',
  '/var/log/containers',
  '/var/log/pods',
  '/var/run',
  '/var/run/containerd',
]
const SOCKETS = ['/run/containerd/containerd.sock', '/var/run/containerd/containerd.sock']
const CHAR_DEVICES = ['/dev/null', '/dev/zero', '/dev/random', '/dev/urandom', '/dev/kmsg']
const BLOCK_DEVICES = ['/dev/sda', '/dev/sda1']
/** Subdirectories a mounted node directory shows. */
const CHILDREN = new Map<string, string[]>()
for (const d of DIRS) {
  if (d === '/') continue
  const parent = d.slice(0, d.lastIndexOf('/')) || '/'
  CHILDREN.set(parent, [...(CHILDREN.get(parent) ?? []), d.slice(parent.length).replace(/^\//, '')])
}

/** systemd's machine id: 32 hex digits, fixed per node (derived from its name, FNV-1a). */
function machineId(node: string): string {
  let out = ''
  for (let round = 0; out.length < 32; round++) {
    let h = 0x811c9dc5 ^ round
    for (const ch of node) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0
    out += h.toString(16).padStart(8, '0')
  }
  return out.slice(0, 32)
}

const OS_RELEASE = `PRETTY_NAME="Ubuntu 22.04.5 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.5 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
`

function fileContent(node: string, path: string): string | undefined {
  if (path === '/etc/machine-id') return machineId(node) + '\n'
  if (path === '/etc/hostname') return node + '\n'
  if (path === '/etc/os-release') return OS_RELEASE
  if (SOCKETS.includes(path) || CHAR_DEVICES.includes(path) || BLOCK_DEVICES.includes(path))
    return ''
  return undefined
}

function normalise(path: string): string {
  return path.replace(/\/+$/, '') || '/'
}

/** What the node has at `path` before any pod made something there. */
export function hostKind(node: string, path: string): HostKind | undefined {
  const p = normalise(path)
  if (DIRS.includes(p)) return 'dir'
  if (SOCKETS.includes(p)) return 'socket'
  if (CHAR_DEVICES.includes(p)) return 'char'
  if (BLOCK_DEVICES.includes(p)) return 'block'
  return fileContent(node, p) !== undefined ? 'file' : undefined
}

/** The shared-volume key of a hostPath mount: files and directories are kept apart. */
export function hostVolumeKey(node: string, path: string, file: boolean): string {
  return `${file ? 'hostfile' : 'host'}:${node}:${normalise(path)}`
}

/** The path inside a file volume's tree where the mounted file lives. */
export const FILE_IN_VOLUME = '/file'

/**
 * Whether a hostPath volume mounts a single file: by its declared type, or, untyped, by what the
 * node (or an earlier FileOrCreate) has there.
 */
export function mountsFile(
  vol: Spec,
  node: string,
  created: (key: string) => boolean = () => false,
): boolean {
  const hp = vol.hostPath
  if (!hp) return false
  const type = hp.type ?? ''
  if (type === 'File' || type === 'FileOrCreate') return true
  if (type === 'Directory' || type === 'DirectoryOrCreate') return false
  if (type === 'Socket' || type === 'CharDevice' || type === 'BlockDevice') return true
  const kind = hostKind(node, hp.path)
  if (kind) return kind !== 'dir'
  return created(hostVolumeKey(node, hp.path, true))
}

/**
 * checkType of the hostPath plugin: the error the kubelet reports for a path that is not what
 * the volume's type asks for, or undefined. `created` tells which paths earlier volumes made.
 */
export function hostPathTypeError(
  vol: Spec,
  node: string,
  created: (key: string) => boolean,
): string | undefined {
  const hp = vol.hostPath
  const type: string = hp?.type ?? ''
  if (!hp || type === '') return undefined
  const path = String(hp.path)
  const kind =
    hostKind(node, path) ??
    (created(hostVolumeKey(node, path, false))
      ? 'dir'
      : created(hostVolumeKey(node, path, true))
        ? 'file'
        : undefined)
  const want: Record<string, [HostKind, string]> = {
    Directory: ['dir', 'a directory'],
    DirectoryOrCreate: ['dir', 'a directory'],
    File: ['file', 'a file'],
    FileOrCreate: ['file', 'a file'],
    Socket: ['socket', 'a socket file'],
    CharDevice: ['char', 'a character device'],
    BlockDevice: ['block', 'a block device'],
  }
  const w = want[type]
  if (!w) return `${type} is an invalid volume type`
  // The OrCreate types make a missing path (the volume's tree is created on first use).
  if (kind === undefined && type.endsWith('OrCreate')) return undefined
  return kind === w[0] ? undefined : `hostPath type check failed: ${path} is not ${w[1]}`
}

/** Fills a node volume's tree on first use with what the node has at that path. */
export function seedHostVolume(key: string, fs: MemFs): void {
  const m = /^(host|hostfile):([^:]*):(.*)$/.exec(key)
  if (!m) return
  const [, kind, node, path] = m
  if (kind === 'hostfile') {
    fs.write(FILE_IN_VOLUME, fileContent(node, path) ?? '')
    return
  }
  for (const child of CHILDREN.get(path) ?? []) fs.mkdir('/' + child)
  if (path === '/etc') {
    for (const f of ['machine-id', 'hostname', 'os-release'])
      fs.write('/' + f, fileContent(node, '/etc/' + f)!)
  }
}
