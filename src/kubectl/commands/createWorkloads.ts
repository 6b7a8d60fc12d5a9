import type { KObject } from '../../sim/api/types.ts'
import { resourceById } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { commandArgs, containerNameFromImage, createGenerated, meta, nameArg } from './generate.ts'

function createDeployment(inv: Invocation): number {
  const name = nameArg(inv)
  const images = inv.flags.list('image')
  const command = commandArgs(inv)
  if (images.length > 1 && command.length)
    throw new CliError('cannot specify multiple --image options and command')
  const labels = { app: name }
  const used = new Set<string>()
  const containers = images.map((image) => {
    let cname = containerNameFromImage(image)
    if (used.has(cname)) cname = `${cname}-${inv.sim.rng.suffix(5)}`
    used.add(cname)
    const c: Record<string, unknown> = { image, name: cname, resources: {} }
    if (command.length) c.command = command
    return c
  })
  const port = inv.flags.int('port', -1)
  if (port >= 0 && containers.length) containers[0].ports = [{ containerPort: port }]
  const obj: KObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, { labels }),
    spec: {
      replicas: inv.flags.int('replicas', 1),
      selector: { matchLabels: labels },
      strategy: {},
      template: { metadata: { creationTimestamp: null, labels }, spec: { containers } },
    },
    status: {},
  }
  return createGenerated(inv, resourceById('deployments.apps'), obj)
}

function jobSpec(name: string, image: string, command: string[], restart: string): KObject['spec'] {
  const c: Record<string, unknown> = { image, name, resources: {} }
  if (command.length) c.command = command
  return {
    template: {
      metadata: { creationTimestamp: null },
      spec: { containers: [c], restartPolicy: restart },
    },
  }
}

function createJob(inv: Invocation): number {
  const name = nameArg(inv)
  const from = inv.flags.str('from')
  const image = inv.flags.str('image')
  if (from) {
    if (image) throw new CliError('either --image or --from must be specified')
    const [kind, cron] = from.split('/')
    if (
      !cron ||
      !['cronjob', 'cronjobs', 'cj', 'cronjob.batch', 'cronjobs.batch'].includes(kind.toLowerCase())
    )
      throw new CliError(`from must be an existing cronjob`)
    inv.connect()
    const cj = inv.api.get('cronjobs.batch', inv.namespace(), cron)
    const tmpl = cj.spec?.jobTemplate ?? {}
    const obj: KObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        ...meta(name, {
          annotations: {
            ...(tmpl.metadata?.annotations ?? {}),
            'cronjob.kubernetes.io/instantiate': 'manual',
          },
          labels: tmpl.metadata?.labels,
        }),
        ownerReferences: [
          {
            apiVersion: 'batch/v1',
            controller: true,
            kind: 'CronJob',
            name: cj.metadata.name!,
            uid: cj.metadata.uid!,
          },
        ],
      },
      spec: tmpl.spec ?? {},
      status: {},
    }
    return createGenerated(inv, resourceById('jobs.batch'), obj)
  }
  if (!image) throw new CliError('either --image or --from must be specified')
  const obj: KObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(name),
    spec: jobSpec(name, image, commandArgs(inv), 'Never'),
    status: {},
  }
  return createGenerated(inv, resourceById('jobs.batch'), obj)
}

function createCronJob(inv: Invocation): number {
  const name = nameArg(inv)
  const restart = inv.flags.str('restart') || 'OnFailure'
  if (restart !== 'OnFailure' && restart !== 'Never')
    throw new CliError(
      `restart policy "${restart}" is not supported, valid values: OnFailure, Never`,
    )
  const obj: KObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta(name),
    spec: {
      jobTemplate: {
        metadata: { creationTimestamp: null, name },
        spec: jobSpec(name, inv.flags.str('image'), commandArgs(inv), restart),
      },
      schedule: inv.flags.str('schedule'),
    },
    status: {},
  }
  return createGenerated(inv, resourceById('cronjobs.batch'), obj)
}

function createNamespace(inv: Invocation): number {
  const obj: KObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta(nameArg(inv)),
    spec: {},
    status: {},
  }
  return createGenerated(inv, resourceById('namespaces'), obj)
}

function createServiceAccount(inv: Invocation): number {
  const obj: KObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(nameArg(inv)) }
  return createGenerated(inv, resourceById('serviceaccounts'), obj)
}

function createQuota(inv: Invocation): number {
  const name = nameArg(inv)
  const hard: Record<string, string> = {}
  for (const part of inv.flags.str('hard').split(',').filter(Boolean)) {
    const [k, v] = part.split('=')
    if (!k || v === undefined) throw new CliError(`invalid argument ${part}`)
    hard[k] = v
  }
  const spec: Record<string, unknown> = { hard }
  const scopes = inv.flags.str('scopes')
  if (scopes) spec.scopes = scopes.split(',')
  const obj: KObject = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: meta(name),
    spec,
    status: {},
  }
  return createGenerated(inv, resourceById('resourcequotas'), obj)
}

function intOrPercent(v: string): number | string {
  return /^\d+$/.test(v) ? Number(v) : v
}

function createPdb(inv: Invocation): number {
  const name = nameArg(inv)
  if (!inv.flags.str('selector')) throw new CliError('a selector must be specified')
  const min = inv.flags.str('min-available')
  const max = inv.flags.str('max-unavailable')
  if (!min && !max) throw new CliError('one of min-available or max-unavailable must be specified')
  if (min && max) throw new CliError('min-available and max-unavailable cannot be both specified')
  const selector = inv.flags.str('selector')
  const matchLabels: Record<string, string> = {}
  for (const part of selector.split(',').filter(Boolean)) {
    const [k, v] = part.split('=')
    matchLabels[k] = v ?? ''
  }
  const spec: Record<string, unknown> = { selector: { matchLabels } }
  if (min) spec.minAvailable = intOrPercent(min)
  if (max) spec.maxUnavailable = intOrPercent(max)
  const obj: KObject = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(name),
    spec,
    status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 },
  }
  return createGenerated(inv, resourceById('poddisruptionbudgets.policy'), obj)
}

function createPriorityClass(inv: Invocation): number {
  const name = nameArg(inv)
  const obj: KObject = {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: meta(name),
    value: inv.flags.int('value', 0),
    globalDefault: inv.flags.bool('global-default') || undefined,
    description: inv.flags.str('description'),
    preemptionPolicy: inv.flags.str('preemption-policy') || 'PreemptLowerPriority',
  }
  if (obj.globalDefault === undefined) delete obj.globalDefault
  return createGenerated(inv, resourceById('priorityclasses.scheduling.k8s.io'), obj)
}

registerCommand('create deployment', createDeployment, ['image'])
registerCommand('create job', createJob)
registerCommand('create cronjob', createCronJob, ['image', 'schedule'])
registerCommand('create namespace', createNamespace)
registerCommand('create serviceaccount', createServiceAccount)
registerCommand('create quota', createQuota)
registerCommand('create poddisruptionbudget', createPdb)
registerCommand('create priorityclass', createPriorityClass)
