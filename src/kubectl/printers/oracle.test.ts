/**
 * Byte-for-byte comparison with the real kubectl v1.32 client: `create … --dry-run=client -o …` runs
 * offline and prints typed objects through the same printers we reimplement.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { PrintError, printObjects, type PrintItem } from './index.ts'
import { info, NOW } from './testFixtures.ts'
import { toYaml } from './yaml.ts'

function kubectlPath(): string | undefined {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' })
    return 'kubectl'
  } catch {
    return undefined
  }
}

const KUBECTL = kubectlPath()
if (!KUBECTL)
  console.warn('oracle.test.ts: no kubectl binary found, skipping the real-kubectl comparisons')

/** Runs kubectl with `flags` placed before any `--` (after it they would be the container's args). */
function kubectl(args: string[], flags: string[]): string {
  const dash = args.indexOf('--')
  const full =
    dash < 0 ? [...args, ...flags] : [...args.slice(0, dash), ...flags, ...args.slice(dash)]
  return execFileSync(KUBECTL!, full, { encoding: 'utf8' })
}

/** The typed object kubectl prints, in its struct field order (from its own -o json). */
function typed(args: string[]): PrintItem[] {
  const obj = JSON.parse(kubectl(args, ['--dry-run=client', '-o', 'json']))
  const id =
    obj.kind === 'Deployment'
      ? 'deployments.apps'
      : obj.kind === 'ConfigMap'
        ? 'configmaps'
        : obj.kind === 'Job'
          ? 'jobs.batch'
          : obj.kind === 'Service'
            ? 'services'
            : obj.kind === 'CronJob'
              ? 'cronjobs.batch'
              : 'secrets'
  return [{ obj, info: info(id) }]
}

const CASES: { name: string; args: string[] }[] = [
  {
    name: 'deployment',
    args: ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3', '--port=80'],
  },
  {
    name: 'two images',
    args: ['create', 'deployment', 'multi', '--image=nginx', '--image=busybox:1.36'],
  },
  {
    name: 'cronjob',
    args: [
      'create',
      'cronjob',
      'tick',
      '--image=busybox',
      '--schedule=*/1 * * * *',
      '--',
      'sh',
      '-c',
      'date; echo "hello: world"',
    ],
  },
  {
    name: 'secret',
    args: [
      'create',
      'secret',
      'generic',
      'creds',
      '--from-literal=user=admin',
      '--from-literal=pass=s3cr3t!',
    ],
  },
  {
    name: 'job',
    args: [
      'create',
      'job',
      'pi',
      '--image=perl',
      '--',
      'perl',
      '-Mbignum=bpi',
      '-wle',
      'print bpi(20)',
    ],
  },
  { name: 'service', args: ['create', 'service', 'nodeport', 'web', '--tcp=80:8080'] },
  {
    name: 'configmap',
    args: [
      'create',
      'configmap',
      'odd',
      '--from-literal=num=123',
      '--from-literal=bool=yes',
      '--from-literal=empty=',
      '--from-literal=multi=line one\nline two\n',
      '--from-literal=colon=a: b',
      '--from-literal=date=2025-01-06',
      '--from-literal=long=' + 'word '.repeat(30).trim(),
      '--from-literal=quote=it\'s "x"',
      '--from-literal=html=<b>&',
      '--from-literal=tab=a\tb',
      '--from-literal=star=*x',
      '--from-literal=octal=0755',
      '--from-literal=zh=中文 测试',
    ],
  },
  {
    name: 'configmap edge strings',
    args: [
      'create',
      'configmap',
      'edges',
      '--from-literal=a= lead\nline',
      '--from-literal=b=keep\n\n',
      '--from-literal=c=\nstarts with newline',
      '--from-literal=d=trail \nspace',
      '--from-literal=e=tab\tin\nmulti',
      '--from-literal=f=#comment',
      '--from-literal=g=a: b\nc',
      '--from-literal=h=-',
      '--from-literal=i=?',
      '--from-literal=j=[x]',
      '--from-literal=k=x,',
      '--from-literal=l=@',
      '--from-literal=m=ü',
      '--from-literal=n=very long text with a colon: in the middle and more words so that it must fold past eighty columns ok',
    ],
  },
]

const FORMATS = [
  'yaml',
  'json',
  'name',
  'jsonpath={.metadata.name}',
  'jsonpath={.spec.template.spec.containers[*].image}{"\\n"}',
  'jsonpath={range .spec.template.spec.containers[*]}{.name}{"\\t"}{.image}{"\\n"}{end}',
  'jsonpath={.metadata.labels}',
  'jsonpath={.data}',
  'jsonpath={.spec.ports[0].targetPort}',
  'jsonpath={..image}',
  'go-template={{.metadata.name}}{{"\\n"}}',
  'go-template={{range .spec.template.spec.containers}}{{.name}}: {{.image}}{{"\\n"}}{{end}}',
  'go-template={{range $k, $v := .data}}{{$k}}={{printf "%q" $v}};{{end}}',
  'go-template={{.metadata.labels}} {{.spec.missing}} {{len .metadata}}',
]

describe.skipIf(!KUBECTL)('printers match real kubectl byte for byte', () => {
  for (const c of CASES)
    for (const format of FORMATS) {
      it(`${c.name} -o ${format}`, () => {
        const want = kubectl(c.args, ['--dry-run=client', '-o', format])
        const got = printObjects(typed(c.args), {
          now: NOW,
          output: format,
          single: true,
          keepKeyOrder: true,
        })
        expect(got).toBe(want)
      })
    }

  it('a List of several objects in -o yaml', () => {
    const items = [...typed(CASES[0].args), ...typed(CASES[3].args)]
    const list = toYaml({
      apiVersion: 'v1',
      items: items.map((i) => i.obj),
      kind: 'List',
      metadata: { resourceVersion: '' },
    })
    expect(printObjects(items, { now: NOW, output: 'yaml' })).toBe(list)
    expect(list).toContain('kind: List\nmetadata:\n  resourceVersion: ""\n')
  })

  it.each([
    ['{.x}', false],
    ['{.spec.template.spec.containers[3]}', true],
    ['{metadata}', true],
    ['{.x', true],
  ])("jsonpath failure %s (allow missing keys: %s) prints kubectl's error", (template, allow) => {
    const args = [
      ...CASES[0].args,
      '--dry-run=client',
      '-o',
      `jsonpath=${template}`,
      `--allow-missing-template-keys=${allow}`,
    ]
    const real = spawnSync(KUBECTL!, args, { encoding: 'utf8' })
    expect(real.status).toBe(1)
    let err: unknown
    try {
      printObjects(typed(CASES[0].args), {
        now: NOW,
        output: `jsonpath=${template}`,
        single: true,
        allowMissingTemplateKeys: allow as boolean,
      })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(PrintError)
    expect((err as PrintError).stderr).toBe(real.stderr)
  })
})
