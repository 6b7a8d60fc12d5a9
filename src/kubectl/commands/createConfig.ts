import type { KObject } from '../../sim/api/types.ts'
import { resourceById } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { createGenerated, meta, nameArg, splitPair } from './generate.ts'

const KEY_RE = /^[-._a-zA-Z0-9]+$/

function utf8ToBase64(s: string): string {
  const bytes = new TextEncoder().encode(s)
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin)
}

/** Key/value pairs from --from-literal, --from-file and --from-env-file, in kubectl's order. */
function collect(inv: Invocation, kind: 'ConfigMap' | 'Secret', name: string): Map<string, string> {
  const literals = inv.flags.list('from-literal')
  const files = inv.flags.list('from-file')
  const envFiles = inv.flags.list('from-env-file')
  if (envFiles.length && (files.length || literals.length))
    throw new CliError('from-env-file cannot be combined with from-file or from-literal')
  const data = new Map<string, string>()
  const add = (key: string, value: string): void => {
    if (!KEY_RE.test(key))
      throw new CliError(
        `"${key}" is not a valid key name for a ${kind}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      )
    if (data.has(key))
      throw new CliError(
        `cannot add key ${key}, another key by that name already exists in ${kind === 'ConfigMap' ? 'Data' : 'data'} for ${kind} "${name}"`,
      )
    data.set(key, value)
  }
  for (const f of files) {
    const eq = f.indexOf('=')
    const key = eq > 0 ? f.slice(0, eq) : undefined
    const path = eq > 0 ? f.slice(eq + 1) : f
    const full = inv.ctx.resolve(path)
    if (inv.ctx.fs.isDir(full)) {
      if (key) throw new CliError('cannot give a key name for a directory path')
      for (const entry of inv.ctx.fs.list(full) ?? []) {
        const p = `${full}/${entry}`
        if (!inv.ctx.fs.isDir(p) && KEY_RE.test(entry)) add(entry, inv.ctx.fs.read(p) ?? '')
      }
      continue
    }
    const content = inv.ctx.fs.read(full)
    if (content === undefined)
      throw new CliError(`error reading ${path}: no such file or directory`)
    add(key ?? path.split('/').pop()!, content)
  }
  for (const l of literals) {
    const [k, v] = splitPair(l, 'literal')
    add(k, v.replace(/^"(.*)"$/, '$1'))
  }
  for (const f of envFiles) {
    const content = inv.ctx.fs.read(inv.ctx.resolve(f))
    if (content === undefined) throw new CliError(`error reading ${f}: no such file or directory`)
    content.split('\n').forEach((raw, i) => {
      const line = raw.replace(/^\uFEFF/, '').trimStart()
      if (line === '' || line.startsWith('#')) return
      const eq = line.indexOf('=')
      if (eq < 0) {
        const k = line.trimEnd()
        if (k in inv.ctx.env) add(k, inv.ctx.env[k])
        return
      }
      const k = line.slice(0, eq)
      if (/\s/.test(k)) throw new CliError(`"${k}" is not a valid key name: line ${i + 1}`)
      add(k, line.slice(eq + 1))
    })
  }
  return data
}

function sorted(
  data: Map<string, string>,
  encode: (v: string) => string,
): Record<string, string> | undefined {
  if (!data.size) return undefined
  const out: Record<string, string> = {}
  for (const k of [...data.keys()].sort()) out[k] = encode(data.get(k)!)
  return out
}

function refuseHash(inv: Invocation): void {
  if (inv.flags.bool('append-hash'))
    throw new CliError('--append-hash is not available in this simulated cluster')
}

function createConfigMap(inv: Invocation): number {
  const name = nameArg(inv)
  refuseHash(inv)
  const obj: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(name) }
  const data = sorted(collect(inv, 'ConfigMap', name), (v) => v)
  if (data) obj.data = data
  return createGenerated(inv, resourceById('configmaps'), obj)
}

function secret(name: string, data: Record<string, string> | undefined, type?: string): KObject {
  const obj: KObject = { apiVersion: 'v1', kind: 'Secret', metadata: meta(name) }
  if (data) obj.data = data
  if (type) obj.type = type
  return obj
}

function createSecretGeneric(inv: Invocation): number {
  const name = nameArg(inv)
  refuseHash(inv)
  const data = sorted(collect(inv, 'Secret', name), utf8ToBase64)
  return createGenerated(
    inv,
    resourceById('secrets'),
    secret(name, data, inv.flags.str('type') || undefined),
  )
}

function createSecretDockerRegistry(inv: Invocation): number {
  const name = nameArg(inv)
  refuseHash(inv)
  const server = inv.flags.str('docker-server') || 'https://index.docker.io/v1/'
  const user = inv.flags.str('docker-username')
  const password = inv.flags.str('docker-password')
  const email = inv.flags.str('docker-email')
  const files = inv.flags.list('from-file')
  if (!files.length) {
    if (!user) throw new CliError('missing required flag(s) "docker-username"')
    if (!password) throw new CliError('missing required flag(s) "docker-password"')
  }
  const entry: Record<string, string> = { username: user, password }
  if (email) entry.email = email
  entry.auth = utf8ToBase64(`${user}:${password}`)
  const config = JSON.stringify({ auths: { [server]: entry } })
  const obj = secret(
    name,
    { '.dockerconfigjson': utf8ToBase64(config) },
    'kubernetes.io/dockerconfigjson',
  )
  return createGenerated(inv, resourceById('secrets'), obj)
}

function createSecretTls(inv: Invocation): number {
  const name = nameArg(inv)
  refuseHash(inv)
  if (!inv.flags.str('cert') || !inv.flags.str('key'))
    throw new CliError('key and cert must be specified')
  const read = (flag: string): string => {
    const path = inv.flags.str(flag)
    const content = inv.ctx.fs.read(inv.ctx.resolve(path))
    if (content === undefined) throw new CliError(`open ${path}: no such file or directory`)
    return content
  }
  const cert = read('cert')
  const key = read('key')
  if (!/-----BEGIN [A-Z ]+-----/.test(cert))
    throw new CliError('tls: failed to find any PEM data in certificate input')
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key))
    throw new CliError('tls: failed to find any PEM data in key input')
  const obj = secret(
    name,
    { 'tls.crt': utf8ToBase64(cert), 'tls.key': utf8ToBase64(key) },
    'kubernetes.io/tls',
  )
  return createGenerated(inv, resourceById('secrets'), obj)
}

registerCommand('create configmap', createConfigMap)
registerCommand('create secret generic', createSecretGeneric)
registerCommand('create secret docker-registry', createSecretDockerRegistry)
registerCommand('create secret tls', createSecretTls)
