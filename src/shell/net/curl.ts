import type { CommandContext, Effect } from '../types.ts'
import type { HttpResponse } from '../../sim/network/http.ts'
import { REASONS, parseUrl, sendHttp, type NetEnv } from './netEnv.ts'

type Gen = Generator<Effect, number, void>

export const CURL_VERSION = '8.5.0'
/** How long Linux keeps retrying a SYN nobody answers before connect() fails. */
const SYN_TIMEOUT_MS = 130_000
const WITH_VALUE = new Set([
  'o',
  'X',
  'H',
  'd',
  'm',
  'w',
  'A',
  'u',
  'e',
  'b',
  'c',
  'T',
  'F',
  'x',
  'K',
  'E',
  'r',
])
const LONG_WITH_VALUE = new Set([
  'output',
  'request',
  'header',
  'data',
  'data-raw',
  'data-binary',
  'data-urlencode',
  'max-time',
  'connect-timeout',
  'write-out',
  'user-agent',
  'user',
  'referer',
  'cookie',
  'proxy',
  'resolve',
  'retry',
  'cacert',
  'cert',
  'key',
  'json',
])

interface CurlOpts {
  url?: string
  silent: boolean
  showError: boolean
  verbose: boolean
  include: boolean
  head: boolean
  output?: string
  remoteName: boolean
  method?: string
  headers: string[]
  data: string[]
  follow: boolean
  maxTime?: number
  connectTimeout?: number
  writeOut?: string
  fail: boolean
  userAgent: string
}

function parseArgs(args: string[]): CurlOpts | string {
  const o: CurlOpts = {
    silent: false,
    showError: false,
    verbose: false,
    include: false,
    head: false,
    remoteName: false,
    headers: [],
    data: [],
    follow: false,
    fail: false,
    userAgent: `curl/${CURL_VERSION}`,
  }
  const set = (name: string, v: string | undefined): string | undefined => {
    switch (name) {
      case 's':
      case 'silent':
        o.silent = true
        break
      case 'S':
      case 'show-error':
        o.showError = true
        break
      case 'v':
      case 'verbose':
        o.verbose = true
        break
      case 'i':
      case 'include':
        o.include = true
        break
      case 'I':
      case 'head':
        o.head = true
        break
      case 'L':
      case 'location':
        o.follow = true
        break
      case 'f':
      case 'fail':
        o.fail = true
        break
      case 'O':
      case 'remote-name':
        o.remoteName = true
        break
      case 'o':
      case 'output':
        o.output = v
        break
      case 'X':
      case 'request':
        o.method = v
        break
      case 'H':
      case 'header':
        o.headers.push(v ?? '')
        break
      case 'd':
      case 'data':
      case 'data-raw':
      case 'data-binary':
      case 'data-urlencode':
        o.data.push(v ?? '')
        break
      case 'json':
        o.data.push(v ?? '')
        o.headers.push('Content-Type: application/json', 'Accept: application/json')
        break
      case 'm':
      case 'max-time':
        o.maxTime = Number(v)
        break
      case 'connect-timeout':
        o.connectTimeout = Number(v)
        break
      case 'w':
      case 'write-out':
        o.writeOut = v
        break
      case 'A':
      case 'user-agent':
        o.userAgent = v ?? ''
        break
      default:
        if (name.length === 1 && !'kuebcTFxKEr'.includes(name))
          return `curl: option -${name}: is unknown`
    }
    return undefined
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2)
      const v = eq > 0 ? a.slice(eq + 1) : LONG_WITH_VALUE.has(name) ? args[++i] : undefined
      const bad = set(name, v)
      if (bad) return bad
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]
        if (WITH_VALUE.has(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i]
          if (v === undefined) return `curl: option -${c}: requires parameter`
          const bad = set(c, v)
          if (bad) return bad
          break
        }
        const bad = set(c, undefined)
        if (bad) return bad
      }
    } else o.url ??= a
  }
  return o
}

/** curl 8.x against the simulated network: output, errors and exit codes in curl's words. */
export function* curl(args: string[], ctx: CommandContext, env: NetEnv): Gen {
  const o = parseArgs(args)
  if (typeof o === 'string') {
    ctx.io.err(`${o}\ncurl: try 'curl --help' or 'curl --manual' for more information\n`)
    return 2
  }
  if (!o.url) {
    ctx.io.err("curl: try 'curl --help' or 'curl --manual' for more information\n")
    return 2
  }
  const error = (code: number, msg: string): number => {
    if (!o.silent || o.showError) ctx.io.err(`curl: (${code}) ${msg}\n`)
    return code
  }
  const verbose = (s: string): void => {
    if (o.verbose) ctx.io.err(s)
  }
  let url = o.url
  const method = o.method ?? (o.head ? 'HEAD' : o.data.length ? 'POST' : 'GET')
  let body = o.data.join('&')
  for (let hop = 0; ; hop++) {
    const u = parseUrl(url)
    if (!u || !u.host) return error(3, 'URL rejected: No host part in the URL')
    if (u.scheme !== 'http' && u.scheme !== 'https')
      return error(1, `Protocol "${u.scheme}" not supported`)
    const headers: Record<string, string> = {
      Host:
        u.host +
        ((u.scheme === 'http' && u.port !== 80) || (u.scheme === 'https' && u.port !== 443)
          ? `:${u.port}`
          : ''),
      'User-Agent': o.userAgent,
      Accept: '*/*',
    }
    if (body) {
      headers['Content-Length'] = String(new TextEncoder().encode(body).length)
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
    }
    for (const h of o.headers) {
      const c = h.indexOf(':')
      if (c > 0) {
        const name = h.slice(0, c).trim()
        const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name
        const v = h.slice(c + 1).trim()
        if (v === '') delete headers[key]
        else headers[key] = v
      }
    }
    const res = sendHttp(env, u, { method, headers, body })
    const hostShown = u.host.replace(/^\[|\]$/g, '')
    if (!res.ok) {
      if (res.error === 'resolve') {
        verbose(`* Could not resolve host: ${hostShown}\n* Closing connection\n`)
        return error(6, `Could not resolve host: ${hostShown}`)
      }
      verbose(`*   Trying ${hostShown}:${u.port}...\n`)
      if (res.error === 'refused')
        return error(
          7,
          `Failed to connect to ${hostShown} port ${u.port} after 0 ms: Couldn't connect to server`,
        )
      if (res.error === 'unreachable') {
        yield { type: 'sleep', ms: 3_000 }
        return error(
          7,
          `Failed to connect to ${hostShown} port ${u.port} after 3000 ms: Couldn't connect to server`,
        )
      }
      const limits = [o.maxTime, o.connectTimeout]
        .filter((x): x is number => x !== undefined && Number.isFinite(x) && x > 0)
        .map((s) => Math.round(s * 1000))
      const limit = limits.length ? Math.min(...limits) : SYN_TIMEOUT_MS
      yield { type: 'sleep', ms: limit }
      if (ctx.io.interrupted()) return 130
      if (limits.length) return error(28, `Connection timed out after ${limit + 1} milliseconds`)
      return error(
        28,
        `Failed to connect to ${hostShown} port ${u.port} after ${limit} ms: Couldn't connect to server`,
      )
    }
    const r = res.response
    verbose(
      `*   Trying ${res.ip}:${res.port}...\n* Connected to ${hostShown} (${res.ip}) port ${res.port}\n`,
    )
    verbose(
      `> ${method} ${u.path} HTTP/1.1\n${Object.entries(headers)
        .map(([k, v]) => `> ${k}: ${v}\n`)
        .join('')}> \n`,
    )
    const statusLine = `HTTP/1.1 ${r.status} ${REASONS[r.status] ?? ''}`.trimEnd()
    verbose(
      `< ${statusLine}\n${Object.entries(r.headers)
        .map(([k, v]) => `< ${k}: ${v}\n`)
        .join('')}< \n`,
    )
    const location = Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'location')?.[1]
    if (o.follow && location && r.status >= 300 && r.status < 400) {
      if (hop >= 50) return error(47, 'Maximum (50) redirects followed')
      verbose(
        `* Connection #0 to host ${hostShown} left intact\n* Issue another request to this URL: '${location}'\n`,
      )
      if (o.include) ctx.io.out(headerBlock(statusLine, r))
      url = /^https?:\/\//.test(location)
        ? location
        : `${u.scheme}://${u.host}${u.port === 80 ? '' : ':' + u.port}${location.startsWith('/') ? location : '/' + location}`
      if (r.status !== 307 && r.status !== 308) body = ''
      continue
    }
    if (o.fail && r.status >= 400) return error(22, `The requested URL returned error: ${r.status}`)
    let out = ''
    if (o.include || o.head) out += headerBlock(statusLine, r)
    if (!o.head) out += r.body
    const target = o.output ?? (o.remoteName ? u.path.split('/').pop() || 'index.html' : undefined)
    if (target !== undefined && target !== '-') {
      const path = ctx.resolve(target)
      try {
        ctx.fs.write(path, out)
      } catch {
        return error(23, `Failure writing output to destination, passed ${out.length} returned 0`)
      }
    } else ctx.io.out(out)
    if (!o.silent && !o.verbose && (target !== undefined || !ctx.io.isTTY))
      ctx.io.err(progressMeter(new TextEncoder().encode(out).length))
    verbose(`* Connection #0 to host ${hostShown} left intact\n`)
    if (o.writeOut !== undefined) ctx.io.out(writeOut(o.writeOut, r, url, res.ip, out))
    return 0
  }
}

function headerBlock(statusLine: string, r: HttpResponse): string {
  return `${statusLine}\r\n${Object.entries(r.headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`
}

function speed(bytesPerSec: number): string {
  if (bytesPerSec < 100_000) return String(bytesPerSec)
  if (bytesPerSec < 10 * 1024 * 1024) return `${Math.round(bytesPerSec / 1024)}k`
  return `${(bytesPerSec / 1024 / 1024).toFixed(1)}M`
}

/** curl's progress meter as it ends for a transfer that took a millisecond of virtual time. */
function progressMeter(size: number): string {
  const sp = speed(size * 1000).padStart(6)
  return (
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
    '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
    `100 ${String(size).padStart(5)}  100 ${String(size).padStart(5)}    0     0 ${sp}      0 --:--:-- --:--:-- --:--:-- ${sp}\n`
  )
}

function writeOut(fmt: string, r: HttpResponse, url: string, ip: string, body: string): string {
  const vars: Record<string, string> = {
    http_code: String(r.status).padStart(3, '0'),
    response_code: String(r.status),
    url_effective: url,
    remote_ip: ip,
    size_download: String(new TextEncoder().encode(body).length),
    content_type:
      Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '',
    time_total: '0.001000',
    time_connect: '0.000500',
  }
  return fmt
    .replace(/%\{([a-z_]+)\}/g, (m, k: string) => vars[k] ?? m)
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/\\r/g, '\r')
}
