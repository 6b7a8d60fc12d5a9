import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { deflateSync, strToU8 } from 'fflate'
import {
  CHROMIUM,
  ARGS,
  screenshot,
  serveApp,
  stopApp,
  terminalText,
  typeCommand,
} from './harness.ts'
import { encodePayload } from '../src/share/codec.ts'
import { createSession, runLineSync } from '../src/session/session.ts'

const HOSTILE = '<img src=x onerror=alert(1)>'

const b64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/** A snapshot link whose pod is named with markup: only a forged link can hold such a name. */
function hostileLink(): string {
  const session = createSession({ seed: 9 })
  runLineSync(session, 'kubectl run zzevilzz --image=nginx')
  runLineSync(session, 'sleep 20')
  const json = JSON.stringify(session.snapshot()).replaceAll('zzevilzz', HOSTILE.replace(/"/g, ''))
  return encodePayload({ v: 1, snapshot: JSON.parse(json) as unknown })
}

describe.skipIf(!CHROMIUM)('sharing in Chromium', () => {
  let browser: Browser
  let url: string

  beforeAll(async () => {
    url = await serveApp(4319)
    // The embed test's host page is served by interception, which Chromium counts as a public
    // site; its local-network checks would then block the iframe pointing at the local preview.
    browser = await chromium.launch({
      executablePath: CHROMIUM!,
      args: [
        ...ARGS,
        '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests',
      ],
    })
  })
  afterAll(async () => {
    await browser?.close()
    stopApp()
  })

  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 860 },
      permissions: ['clipboard-read', 'clipboard-write'],
    })
    const page = await context.newPage()
    page.on('pageerror', (e) => {
      throw e
    })
    page.on('dialog', (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`)
    })
    return page
  }

  it('shares a cluster from one browser and opens it in another', async () => {
    const a = await freshPage()
    await a.goto(url + '?lang=en')
    await a.waitForSelector('[data-testid=terminal] .xterm-rows', { timeout: 60_000 })
    await typeCommand(a, 'kubectl create deployment shared-web --image=nginx --replicas=2')
    await a.waitForSelector('[data-testid=gnode-deployment-shared-web]')
    // The scenario builder proposes a check from what changed between start and goal.
    await a.click('[data-testid=share]')
    await a.click('[data-testid=builder] summary')
    await a.click('[data-testid=builder-start]')
    await a.click('[data-testid=share-close]')
    await typeCommand(a, 'kubectl scale deployment shared-web --replicas=3')
    await a.click('[data-testid=share]')
    await a.click('[data-testid=builder] summary')
    await a.click('[data-testid=builder-goal]')
    await a.waitForSelector('[data-testid=builder-checks]:has-text("spec.replicas")')
    await a.click('[data-testid=share-close]')
    await typeCommand(a, 'kubectl scale deployment shared-web --replicas=2')
    await a.click('[data-testid=share]')
    await a.waitForSelector('[data-testid=share-link]')
    const link = await a.inputValue('[data-testid=share-link]')
    expect(link).toMatch(/#s=1\./)
    await a.click('[data-testid=share-copy-text]')
    await a.waitForSelector('[data-testid=share-copy-text]:has-text("Copied")')
    const md = await a.evaluate(() => navigator.clipboard.readText())
    expect(md).toContain('## Pods')
    expect(md).toContain('$ kubectl create deployment shared-web --image=nginx --replicas=2')
    await screenshot(a, 'share-dialog')

    const b = await freshPage()
    await b.goto(link)
    await b.waitForSelector('[data-testid=gnode-deployment-shared-web]', { timeout: 60_000 })
    await b.waitForFunction(() => location.hash === '#/')
    await typeCommand(b, 'kubectl get deploy shared-web')
    // xterm paints on the next frame; wait for the row rather than reading too early.
    await b.waitForFunction(() =>
      /shared-web\s+\d\/2/.test(
        [...document.querySelectorAll('.xterm-rows > div')].map((d) => d.textContent).join('\n'),
      ),
    )
    await b.context().close()
    await a.context().close()
  })

  it('runs in an iframe and answers the host page by postMessage', async () => {
    const link = encodePayload({
      v: 1,
      scenario: { seed: 2, script: ['kubectl create deployment web --image=nginx', 'sleep 30'] },
    })
    const page = await freshPage()
    // The host page lives on another origin (local, so Chromium's private-network rules allow it).
    const host =
      `<script>window.msgs=[];addEventListener('message',e=>msgs.push(e.data))</script>` +
      `<iframe id=f style="width:1200px;height:700px" src="${url}?embed&lang=en#${link}"></iframe>`
    await page.route('http://localhost:9/host', (r) =>
      r.fulfill({ contentType: 'text/html', body: host }),
    )
    await page.goto('http://localhost:9/host')
    await page.waitForFunction(
      () => (window as any).msgs.some((m: any) => m.type === 'kubeplay:ready'),
      undefined,
      {
        timeout: 60_000,
      },
    )
    const frame = page.frameLocator('#f')
    await frame.locator('[data-testid=gnode-deployment-web]').waitFor()
    expect(await frame.locator('[data-testid=embed-open]').getAttribute('href')).toContain('#s=1.')
    await page.evaluate(() => {
      const w = (document.getElementById('f') as HTMLIFrameElement).contentWindow!
      w.postMessage({ type: 'kubeplay:run', line: 'kubectl delete deployment web', extra: 1 }, '*')
      w.postMessage({ type: 'kubeplay:run', line: 'kubectl get deploy web' }, '*')
    })
    await page.waitForFunction(() =>
      (window as any).msgs.some(
        (m: any) => m.type === 'kubeplay:output' && /web\s+1\/1/.test(m.text),
      ),
    )
    await page.evaluate(() => {
      const w = (document.getElementById('f') as HTMLIFrameElement).contentWindow!
      w.postMessage({ type: 'kubeplay:run', line: 'kubectl delete deployment web' }, '*')
    })
    await frame.locator('[data-testid=gnode-deployment-web]').waitFor({ state: 'detached' })
    await page.evaluate(() => {
      ;(window as any).msgs = []
      const w = (document.getElementById('f') as HTMLIFrameElement).contentWindow!
      w.postMessage({ type: 'kubeplay:reset' }, '*')
    })
    await frame.locator('[data-testid=gnode-deployment-web]').waitFor()
    await screenshot(page, 'embed')
    await page.context().close()
  })

  it('survives hostile links and shows markup in names as plain text', async () => {
    const good = encodePayload({ v: 1, scenario: { seed: 1 } })
    const proto = b64(deflateSync(strToU8('{"v":1,"scenario":{"seed":1},"__proto__":{"x":1}}')))
    const page = await freshPage()
    await page.goto(url + '?lang=en')
    await page.waitForSelector('[data-testid=terminal] .xterm-rows', { timeout: 60_000 })
    for (const [fragment, reason] of [
      [good.slice(0, -6), 'damaged'],
      ['s=9.abc', 'newer Kubeplay'],
      [`s=1.${proto}`, '__proto__'],
    ]) {
      await page.evaluate((h) => (location.hash = h), fragment)
      await page.waitForSelector(`[data-testid=notice]:has-text("${reason}")`)
      await page.waitForFunction(() => location.hash === '#/')
    }
    expect(await page.evaluate(() => ({}) as Record<string, unknown>)).not.toHaveProperty('x')
    await typeCommand(page, 'kubectl get ns default')
    expect(await terminalText(page)).toMatch(/default\s+Active/)

    const zh = await freshPage()
    await zh.goto(url + '?lang=zh-CN#' + hostileLink())
    await zh.waitForSelector('[data-testid=terminal] .xterm-rows', { timeout: 60_000 })
    await zh.waitForFunction((name) => document.body.textContent!.includes(name), HOSTILE)
    expect(await zh.locator('img[src=x]').count()).toBe(0)
    await typeCommand(zh, 'kubectl get pods')
    expect(await terminalText(zh)).toContain(HOSTILE)
    await screenshot(zh, 'hostile-name')
    await page.context().close()
    await zh.context().close()
  })
})
