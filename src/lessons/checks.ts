import type { KObject } from '../sim/api/types.ts'
import type { Sim } from '../sim/sim.ts'
import type { FileSystem } from '../shell/types.ts'
import type { ClusterNetwork } from '../sim/network/networkApi.ts'
import { podStatusText, podReady } from '../graph/podStatus.ts'
import { parseLabelSelector, matchesRequirements } from '../sim/api/selectors.ts'
import { RESOURCES } from '../sim/api/resources.ts'
import type { Check, CompareOp, Text } from './types.ts'

export interface CheckContext {
  sim: Sim
  fs: FileSystem
  /** Lines the learner ran, with exit codes, oldest first. */
  history: { line: string; exitCode: number }[]
}

export interface CheckResult {
  ok: boolean
  /** What this check asks for, for the checklist. */
  label: Text
  /** What is still different, shown for the first failing check. */
  detail?: Text
}

const t = (en: string, zh: string): Text => ({ en, 'zh-CN': zh })

function get(
  sim: Sim,
  resource: string,
  ns: string | undefined,
  name: string,
): KObject | undefined {
  try {
    return sim.api.tryGet(resource, ns ?? 'default', name)
  } catch {
    return undefined
  }
}

function kindName(resource: string): string {
  return resource.split('.')[0].replace(/s$/, '').replace(/ie$/, 'y')
}

/**
 * Reads `spec.template.spec.containers[0].image`; keys with dots go in brackets:
 * `metadata.annotations["kubernetes.io/change-cause"]`.
 */
export function fieldAt(obj: unknown, path: string): unknown {
  const parts: (string | number)[] = []
  const re = /([^.[\]]+)|\[(\d+)\]|\["([^"]*)"\]|\['([^']*)'\]/g
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[1] !== undefined) parts.push(m[1])
    else if (m[2] !== undefined) parts.push(Number(m[2]))
    else parts.push(m[3] ?? m[4])
  }
  let cur: any = obj
  for (const part of parts) {
    if (cur === undefined || cur === null) return undefined
    cur = cur[part]
  }
  return cur
}

/** Words a learner may type for the same thing: `k`/`kk` for kubectl, short and singular resource names. */
function synonyms(word: string): string[] {
  if (word === 'kubectl') return ['kubectl', 'k', 'kk']
  const info = RESOURCES.find(
    (r) => r.plural === word || r.singular === word || r.shortNames.includes(word),
  )
  return info ? [info.plural, info.singular, ...info.shortNames] : [word]
}

function ranWords(line: string, words: string[]): boolean {
  // `describe deploy/web` also counts as typing `deploy`: a token and its `type/name` parts.
  const words0 = line.split(/\s+/)
  const tokens = new Set([
    ...words0,
    ...words0.flatMap((w) => (w.includes('://') ? [] : w.split('/'))),
  ])
  return words.every((w) => synonyms(w).some((s) => tokens.has(s)))
}

export function compare(actual: unknown, op: CompareOp, expected: unknown): boolean {
  switch (op) {
    case 'exists':
      return actual !== undefined && actual !== null
    case 'absent':
      return actual === undefined || actual === null
    case 'contains':
      return typeof actual === 'string'
        ? actual.includes(String(expected))
        : Array.isArray(actual) &&
            actual.some((x) => JSON.stringify(x) === JSON.stringify(expected) || x === expected)
    case 'eq':
      return (
        JSON.stringify(actual) === JSON.stringify(expected) || String(actual) === String(expected)
      )
    case 'ne':
      return !(
        JSON.stringify(actual) === JSON.stringify(expected) || String(actual) === String(expected)
      )
    case 'gt':
      return Number(actual) > Number(expected)
    case 'gte':
      return Number(actual) >= Number(expected)
    case 'lt':
      return Number(actual) < Number(expected)
    case 'lte':
      return Number(actual) <= Number(expected)
  }
}

const OP_TEXT: Record<CompareOp, [string, string]> = {
  eq: ['', ''],
  ne: ['not ', '不等于 '],
  gt: ['more than ', '大于 '],
  gte: ['at least ', '至少 '],
  lt: ['fewer than ', '小于 '],
  lte: ['at most ', '至多 '],
  contains: ['containing ', '包含 '],
  exists: ['set', '已设置'],
  absent: ['unset', '未设置'],
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v)
}

function listMatching(
  sim: Sim,
  resource: string,
  ns: string | undefined,
  selector?: string,
): KObject[] {
  const reqs = selector ? parseLabelSelector(selector) : []
  return sim.api
    .list(resource, { namespace: ns ?? 'default' })
    .items.filter((o) => !reqs.length || matchesRequirements(o.metadata.labels, reqs))
}

/** The result for a check whose object has not been created yet. */
/** A check's result: the detail says what is still different, only while the check fails. */
function verdict(ok: boolean, label: Text, en: string, zh: string): CheckResult {
  return { ok, label, detail: ok ? undefined : t(en, zh) }
}

function missing(resource: string, name: string, label: Text): CheckResult {
  return {
    ok: false,
    label,
    detail: t(
      `${kindName(resource)} ${name} does not exist yet`,
      `还没有 ${kindName(resource)} ${name}`,
    ),
  }
}

/** Evaluates one check. Never throws: a check that cannot be evaluated is simply not met. */
export function evaluate(check: Check, ctx: CheckContext): CheckResult {
  try {
    return evaluateUnsafe(check, ctx)
  } catch (e) {
    return { ok: false, label: t(check.type, check.type), detail: t(String(e), String(e)) }
  }
}

function evaluateUnsafe(c: Check, ctx: CheckContext): CheckResult {
  const { sim } = ctx
  switch (c.type) {
    case 'exists': {
      const label = t(
        `${kindName(c.resource)} ${c.name} exists`,
        `${kindName(c.resource)} ${c.name} 已存在`,
      )
      const ok = get(sim, c.resource, c.namespace, c.name) !== undefined
      return verdict(
        ok,
        label,
        `${kindName(c.resource)} ${c.name} does not exist yet`,
        `还没有 ${kindName(c.resource)} ${c.name}`,
      )
    }
    case 'absent': {
      const label = t(
        `${kindName(c.resource)} ${c.name} is gone`,
        `${kindName(c.resource)} ${c.name} 已删除`,
      )
      const ok = get(sim, c.resource, c.namespace, c.name) === undefined
      return verdict(
        ok,
        label,
        `${kindName(c.resource)} ${c.name} still exists`,
        `${kindName(c.resource)} ${c.name} 仍然存在`,
      )
    }
    case 'field': {
      const op = c.op ?? 'eq'
      const [en, zh] = OP_TEXT[op]
      const want = op === 'exists' || op === 'absent' ? en : `${en}${show(c.value)}`
      const wantZh = op === 'exists' || op === 'absent' ? zh : `${zh}${show(c.value)}`
      const label = t(
        `${kindName(c.resource)} ${c.name}: ${c.path} is ${want}`,
        `${kindName(c.resource)} ${c.name} 的 ${c.path} 为 ${wantZh}`,
      )
      const obj = get(sim, c.resource, c.namespace, c.name)
      if (!obj) return missing(c.resource, c.name, label)
      const actual = fieldAt(obj, c.path)
      const ok = compare(actual, op, c.value)
      const now = actual === undefined ? 'unset' : show(actual)
      return verdict(
        ok,
        label,
        `${kindName(c.resource)} ${c.name} has ${c.path} = ${now}; want ${want}`,
        `${kindName(c.resource)} ${c.name} 的 ${c.path} 现在是 ${now}，应为 ${wantZh}`,
      )
    }
    case 'count': {
      const op = c.op ?? 'eq'
      let items = listMatching(sim, c.resource, c.namespace, c.selector)
      if (c.status) items = items.filter((p) => podStatusText(p) === c.status)
      if (c.ready !== undefined) items = items.filter((p) => podReady(p) === Boolean(c.ready))
      items = items.filter((o) => !o.metadata.deletionTimestamp)
      const what = `${c.resource}${c.selector ? ` with ${c.selector}` : ''}${c.status ? ` in ${c.status}` : ''}${c.ready ? ' and ready' : ''}`
      const whatZh = `${c.selector ? `标签 ${c.selector} 的 ` : ''}${c.resource}${c.status ? `（${c.status}）` : ''}${c.ready ? '（就绪）' : ''}`
      const [en, zh] = OP_TEXT[op]
      const ok = compare(items.length, op, c.value)
      return verdict(
        ok,
        t(`${en}${c.value} ${what}`, `${whatZh} 数量为 ${zh}${c.value}`),
        `there are ${items.length} ${what}; want ${en}${c.value}`,
        `现在有 ${items.length} 个${whatZh}，应为 ${zh}${c.value}`,
      )
    }
    case 'condition': {
      const want = c.status ?? 'True'
      const label = t(
        `${kindName(c.resource)} ${c.name} is ${c.condition}`,
        `${kindName(c.resource)} ${c.name} 的 ${c.condition} 条件为 ${want}`,
      )
      const obj = get(sim, c.resource, c.namespace, c.name)
      if (!obj) return missing(c.resource, c.name, label)
      const cond = (obj.status?.conditions ?? []).find((x: any) => x.type === c.condition)
      const ok = cond?.status === want && (!c.reason || cond?.reason === c.reason)
      const now = cond ? `${cond.status}${cond.reason ? ` (${cond.reason})` : ''}` : 'not reported'
      return verdict(
        ok,
        label,
        `${kindName(c.resource)} ${c.name} condition ${c.condition} is ${now}`,
        `${kindName(c.resource)} ${c.name} 的 ${c.condition} 条件现在是 ${now}`,
      )
    }
    case 'rolloutComplete': {
      const label = t(
        `deployment ${c.name} is fully rolled out`,
        `deployment ${c.name} 已完成滚动更新`,
      )
      const d = get(sim, 'deployments.apps', c.namespace, c.name)
      if (!d) return missing('deployments.apps', c.name, label)
      const want = d.spec?.replicas ?? 1
      const s = d.status ?? {}
      const image = d.spec?.template?.spec?.containers?.[0]?.image
      if (c.image && image !== c.image) {
        return {
          ok: false,
          label,
          detail: t(
            `deployment ${c.name} runs image ${image}; want ${c.image}`,
            `deployment ${c.name} 的镜像是 ${image}，应为 ${c.image}`,
          ),
        }
      }
      const done =
        (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
        (s.updatedReplicas ?? 0) === want &&
        (s.replicas ?? 0) === want &&
        (s.availableReplicas ?? 0) === want
      return {
        ok: done,
        label,
        detail: done
          ? undefined
          : t(
              `deployment ${c.name} has ${s.availableReplicas ?? 0}/${want} available and ${s.updatedReplicas ?? 0}/${want} updated replicas`,
              `deployment ${c.name} 目前可用 ${s.availableReplicas ?? 0}/${want}，已更新 ${s.updatedReplicas ?? 0}/${want}`,
            ),
      }
    }
    case 'endpoints': {
      const label = t(
        `service ${c.service} has ${c.ready} ready endpoints`,
        `service ${c.service} 有 ${c.ready} 个就绪端点`,
      )
      const ep = get(sim, 'endpoints', c.namespace, c.service)
      const ready = (ep?.subsets ?? []).reduce(
        (n: number, s: any) => n + (s.addresses?.length ?? 0),
        0,
      )
      const notReady = (ep?.subsets ?? []).reduce(
        (n: number, s: any) => n + (s.notReadyAddresses?.length ?? 0),
        0,
      )
      const ok = ready === c.ready
      return verdict(
        ok,
        label,
        `service ${c.service} has ${ready} ready and ${notReady} not-ready endpoints; want ${c.ready} ready`,
        `service ${c.service} 现有 ${ready} 个就绪端点、${notReady} 个未就绪，应为 ${c.ready} 个就绪`,
      )
    }
    case 'podStatus': {
      const min = c.min ?? 1
      const pods = c.name
        ? [get(sim, 'pods', c.namespace, c.name)].filter((p): p is KObject => !!p)
        : listMatching(sim, 'pods', c.namespace, c.selector)
      const matching = pods.filter((p) => podStatusText(p) === c.status)
      const who = c.name ? `pod ${c.name}` : `pods${c.selector ? ` with ${c.selector}` : ''}`
      const ok = matching.length >= min
      const seen = [...new Set(pods.map(podStatusText))].join(', ') || 'none'
      return verdict(
        ok,
        t(`${who} show ${c.status}`, `${who} 的状态为 ${c.status}`),
        `${who} show ${seen}; want ${c.status}`,
        `${who} 现在是 ${seen}，应为 ${c.status}`,
      )
    }
    case 'http': {
      const label = t(
        `${c.url} answers${c.contains ? ` with "${c.contains}"` : ''}`,
        `访问 ${c.url} 能得到${c.contains ? `“${c.contains}”` : '响应'}`,
      )
      const net = sim.services.get('network') as ClusterNetwork | undefined
      if (!net)
        return {
          ok: false,
          label,
          detail: t('the cluster network is not available', '集群网络不可用'),
        }
      const from = c.fromPod ? get(sim, 'pods', c.namespace, c.fromPod) : undefined
      const origin = from ? { pod: from } : { node: sim.cluster.nodes[0].name }
      const res = net.http(origin, c.url)
      if (!res.ok)
        return { ok: false, label, detail: t(`${c.url}: ${res.detail}`, `${c.url}：${res.detail}`) }
      const ok =
        (!c.status || res.response.status === c.status) &&
        (!c.contains || res.response.body.includes(c.contains))
      return verdict(
        ok,
        label,
        `${c.url} answered ${res.response.status}: ${res.response.body.slice(0, 80).trim()}`,
        `${c.url} 返回 ${res.response.status}：${res.response.body.slice(0, 80).trim()}`,
      )
    }
    case 'event': {
      const label = t(`an event ${c.reason} happened`, `出现了 ${c.reason} 事件`)
      const events = sim.api.list(
        'events',
        c.namespace === '*' ? {} : { namespace: c.namespace ?? 'default' },
      ).items
      const ok = events.some(
        (e) =>
          e.reason === c.reason &&
          (!c.kind || e.involvedObject?.kind === c.kind) &&
          (!c.namePrefix || String(e.involvedObject?.name ?? '').startsWith(c.namePrefix)) &&
          (!c.messageContains || String(e.message ?? '').includes(c.messageContains)),
      )
      return verdict(ok, label, `no ${c.reason} event yet`, `还没有 ${c.reason} 事件`)
    }
    case 'ran': {
      const label = t(`run ${c.words.join(' ')}`, `运行 ${c.words.join(' ')}`)
      const ok = ctx.history.some(
        (h) => ranWords(h.line, c.words) && (c.exitCode === undefined || h.exitCode === c.exitCode),
      )
      return verdict(
        ok,
        label,
        `you have not run ${c.words.join(' ')} yet`,
        `你还没有运行 ${c.words.join(' ')}`,
      )
    }
    case 'file': {
      const path = c.path.startsWith('/') ? c.path : `/root/${c.path}`
      const label = t(
        `file ${c.path}${c.contains ? ` contains ${c.contains}` : ' exists'}`,
        `文件 ${c.path}${c.contains ? ` 包含 ${c.contains}` : ' 已存在'}`,
      )
      const content = ctx.fs.read(path)
      const ok = content !== undefined && (!c.contains || content.includes(c.contains))
      return verdict(
        ok,
        label,
        content === undefined
          ? `${c.path} does not exist`
          : `${c.path} does not contain ${c.contains}`,
        content === undefined ? `${c.path} 不存在` : `${c.path} 里没有 ${c.contains}`,
      )
    }
  }
}

/** All checks of a step, and the first "still different" line. */
export function evaluateStep(
  checks: Check[],
  ctx: CheckContext,
): { results: CheckResult[]; passed: boolean; firstFailure?: Text } {
  const results = checks.map((c) => evaluate(c, ctx))
  const failed = results.find((r) => !r.ok)
  return { results, passed: !failed, firstFailure: failed?.detail }
}
