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
import { readFileSync } from 'node:fs'
import { encodePayload } from '../src/share/codec.ts'
import { parseLesson } from '../src/lessons/load.ts'
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
  return encodePayload({ v: 2, snapshot: JSON.parse(json) as unknown })
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
    await a.waitForSelector('[data-testid=check-0-path]')
    expect(await a.inputValue('[data-testid=check-0-path]')).toBe('spec.replicas')
    await a.click('[data-testid=share-close]')
    await typeCommand(a, 'kubectl scale deployment shared-web --replicas=2')
    await a.click('[data-testid=share]')
    await a.waitForSelector('[data-testid=share-link]')
    const link = await a.inputValue('[data-testid=share-link]')
    expect(link).toMatch(/#s=2\./)
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
      v: 2,
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
    expect(await frame.locator('[data-testid=embed-open]').getAttribute('href')).toContain('#s=2.')
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
    expect(await page.evaluate(() => (window as any).msgs)).toContainEqual({
      type: 'kubeplay:accepted',
      line: 'kubectl get deploy web',
    })
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
    const good = encodePayload({ v: 2, scenario: { seed: 1 } })
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

  it('keeps an unsaved editor buffer through a link', async () => {
    const a = await freshPage()
    await a.goto(url + '?lang=en')
    await a.waitForSelector('[data-testid=terminal] .xterm-rows', { timeout: 60_000 })
    await typeCommand(a, 'echo "kind: ConfigMap" > saved.yaml')
    await a.click('[data-testid=terminal]')
    await a.keyboard.type('vi draft.yaml')
    await a.keyboard.press('Enter')
    await a.waitForSelector('[data-testid=yaml-editor] .monaco-editor', { timeout: 60_000 })
    await a.click('[data-testid=yaml-editor] .view-lines')
    await a.evaluate(() => navigator.clipboard.writeText('typed: but never saved\n'))
    await a.keyboard.press('Control+V')
    await a.waitForSelector('.editor-tab:has-text("draft.yaml •")')
    await a.click('[data-testid=share]')
    await a.waitForSelector('[data-testid=share-link]')
    const link = await a.inputValue('[data-testid=share-link]')
    // Without "include my files", neither the buffer nor the files travel.
    await a.uncheck('[data-testid=share-with-files]')
    await a.waitForFunction(
      (l) => (document.querySelector('[data-testid=share-link]') as HTMLInputElement).value !== l,
      link,
    )
    const bare = await a.inputValue('[data-testid=share-link]')
    await a.context().close()

    const b = await freshPage()
    await b.goto(link)
    await b.waitForSelector('.editor-tab:has-text("draft.yaml •")', { timeout: 60_000 })
    await b.waitForSelector(
      '[data-testid=yaml-editor] .view-lines:has-text("typed: but never saved")',
    )
    await screenshot(b, 'unsaved-buffer-restored')
    // Saving it in the new browser writes what the sharer typed.
    await b.click('[data-testid=editor-save]')
    await b.waitForSelector('.editor-tab:has-text("draft.yaml"):not(:has-text("•"))')
    await typeCommand(b, 'cat draft.yaml saved.yaml')
    expect(await terminalText(b)).toContain('typed: but never saved')
    expect(await terminalText(b)).toContain('kind: ConfigMap')

    const c = await freshPage()
    await c.goto(bare)
    await c.waitForFunction(() => location.hash === '#/', undefined, { timeout: 60_000 })
    await c.waitForSelector('[data-testid=terminal] .xterm-rows')
    expect(await c.locator('.editor-tab').count()).toBe(0)
    await typeCommand(c, 'ls')
    expect(await terminalText(c)).not.toContain('saved.yaml')
    await b.context().close()
    await c.context().close()
  })

  // Two browsers and a whole authoring session: longer than one page's test on a busy machine.
  it('builds a scenario, shares it as a lesson link and plays it to solved elsewhere', async () => {
    const a = await freshPage()
    await a.goto(url + '?lang=en')
    await a.waitForSelector('[data-testid=terminal] .xterm-rows', { timeout: 60_000 })
    await typeCommand(a, 'kubectl create deployment shop --image=nginx --replicas=2')
    const openBuilder = async (): Promise<void> => {
      await a.click('[data-testid=share]')
      await a.click('[data-testid=builder] summary')
    }
    await openBuilder()
    await a.click('[data-testid=builder-start]')
    await a.click('[data-testid=share-close]')
    await typeCommand(a, 'kubectl scale deployment shop --replicas=3')
    await typeCommand(a, 'kubectl create configmap shop-config --from-literal=mode=live')
    await openBuilder()
    await a.click('[data-testid=builder-goal]')
    await a.waitForSelector('[data-testid=check-0]')
    // Keep the replicas check and the ConfigMap check; pod counts depend on image pull timing.
    for (;;) {
      const types = await a.$$eval('[data-testid$=-type]', (els) =>
        els.map((e) => (e as HTMLSelectElement).value),
      )
      const i = types.indexOf('count')
      if (i < 0) break
      await a.click(`[data-testid=check-${i}-remove]`)
    }
    const types = await a.$$eval('[data-testid$=-type]', (els) =>
      els.map((e) => (e as HTMLSelectElement).value),
    )
    expect(types).toEqual(['field', 'exists'])
    expect(await a.inputValue('[data-testid=check-0-path]')).toBe('spec.replicas')
    expect(await a.inputValue('[data-testid=check-0-value]')).toBe('3')
    // Edit the ConfigMap check: not only that it exists, but what it holds.
    await a.selectOption('[data-testid=check-1-type]', 'field')
    await a.waitForSelector('[data-testid="problem-checks/1/path"]')
    await a.fill('[data-testid=check-1-path]', 'data.mode')
    await a.fill('[data-testid=check-1-value]', 'live')
    expect(await a.locator('[data-testid="problem-checks/1/path"]').count()).toBe(0)
    await a.fill('[data-testid=check-1-name]', '')
    await a.waitForSelector('[data-testid="problem-checks/1/name"]')
    await a.fill('[data-testid=check-1-name]', 'shop-config')
    await a.locator('[data-testid=check-1]').scrollIntoViewIfNeeded()
    await screenshot(a, 'builder-check-editor')
    // Sharing before the text is written shows what is missing, on the fields.
    await a.fill('[data-testid=builder-id]', 'Open Shop')
    await a.click('[data-testid=builder-share]')
    await a.waitForSelector('[data-testid="problem-id"]')
    await a.waitForSelector('[data-testid="problem-title/en"]')
    await a.waitForSelector('[data-testid="problem-hints/0/zh-CN"]')
    expect(await a.locator('[data-testid=builder-link]').count()).toBe(0)
    await screenshot(a, 'builder-problems')
    await a.fill('[data-testid=builder-id]', 'open-shop')
    await a.fill('[data-testid=builder-title-zh-CN]', '开店 <b>啦</b>')
    await a.fill('[data-testid=builder-title-en]', 'Open the <b>shop</b>')
    await a.fill('[data-testid=builder-text-zh-CN]', '把 shop 扩到 3 个副本，并把模式设为 live。')
    await a.fill(
      '[data-testid=builder-text-en]',
      'Scale shop to 3 replicas and set the mode to live.',
    )
    await a.fill(
      '[data-testid=builder-hint-0-zh-CN]',
      '用 kubectl scale 和 kubectl create configmap。',
    )
    await a.fill(
      '[data-testid=builder-hint-0-en]',
      'Use kubectl scale and kubectl create configmap.',
    )
    await a.click('[data-testid=builder-share]')
    await a.waitForSelector('[data-testid=builder-link]')
    expect(await a.locator('.field-problem').count()).toBe(0)
    const link = await a.inputValue('[data-testid=builder-link]')
    expect(link).toMatch(/#s=2\./)
    expect(link.length).toBeLessThan(2000)
    await a.locator('[data-testid=builder-link]').scrollIntoViewIfNeeded()
    await screenshot(a, 'builder-link')
    // The same draft exports as a lesson file the course loader accepts.
    const [download] = await Promise.all([
      a.waitForEvent('download'),
      a.click('[data-testid=builder-export]'),
    ])
    expect(download.suggestedFilename()).toBe('lesson.yaml')
    const exported = parseLesson(
      'lessons/open-shop/lesson.yaml',
      readFileSync(await download.path(), 'utf8'),
    )
    expect(exported.errors).toEqual([])
    expect(exported.lesson?.steps[0].checks).toEqual([
      {
        type: 'field',
        resource: 'deployments.apps',
        name: 'shop',
        path: 'spec.replicas',
        op: 'eq',
        value: 3,
      },
      {
        type: 'field',
        resource: 'configmaps',
        name: 'shop-config',
        path: 'data.mode',
        value: 'live',
      },
    ])
    await a.context().close()

    const b = await freshPage()
    await b.goto(link)
    await b.waitForFunction(() => location.hash === '#/lesson/open-shop', undefined, {
      timeout: 60_000,
    })
    await b.waitForSelector('[data-testid=checklist]')
    // Titles are text: the markup the author typed is shown, never made into elements.
    expect(await b.textContent('.lesson-panel h2')).toBe('Open the <b>shop</b>')
    expect(await b.locator('.lesson-panel h2 b').count()).toBe(0)
    await b.waitForSelector('[data-testid=gnode-deployment-shop]', { timeout: 60_000 })
    await b.waitForSelector('[data-testid=still-different]')
    await b.click('.lesson-actions button:first-child')
    await b.waitForSelector('.hints:has-text("kubectl scale")')
    await typeCommand(b, 'kubectl scale deployment shop --replicas=3')
    await b.waitForSelector('[data-testid=checklist] [data-ok=true]')
    await typeCommand(b, 'kubectl create configmap shop-config --from-literal=mode=live')
    await b.waitForSelector('[data-testid=step-done]', { timeout: 60_000 })
    await screenshot(b, 'builder-lesson-solved')
    // A reload keeps the lesson: it came from the link, not from the course.
    await b.waitForTimeout(1500)
    await b.reload()
    await b.waitForSelector('[data-testid=step-done]', { timeout: 60_000 })
    await b.context().close()
  }, 300_000)

  it('takes commands only from the origin it was told, and posts only there', async () => {
    const link = encodePayload({
      v: 2,
      scenario: { seed: 2, script: ['kubectl create deployment web --image=nginx'] },
    })
    const hostPage = (origin: string): string =>
      `<script>window.msgs=[];addEventListener('message',e=>msgs.push({from:e.origin,data:e.data}))</script>` +
      `<iframe id=f style="width:1200px;height:600px" src="${url}?embed&lang=en&origin=${encodeURIComponent(origin)}#${link}"></iframe>`
    const page = await freshPage()
    await page.route('http://localhost:9/pinned', (r) =>
      r.fulfill({ contentType: 'text/html', body: hostPage('http://localhost:9') }),
    )
    await page.route('http://localhost:9/elsewhere', (r) =>
      r.fulfill({ contentType: 'text/html', body: hostPage('https://blog.example') }),
    )
    const send = (message: object) =>
      page.evaluate((m) => {
        const w = (document.getElementById('f') as HTMLIFrameElement).contentWindow!
        w.postMessage(m, '*')
      }, message)

    await page.goto('http://localhost:9/pinned')
    await page.waitForFunction(
      () => (window as any).msgs.some((m: any) => m.data.type === 'kubeplay:ready'),
      undefined,
      { timeout: 60_000 },
    )
    await send({ type: 'kubeplay:run', line: 'kubectl get deploy web -o name' })
    // The command's output comes first, then its end.
    await page.waitForFunction(() =>
      (window as any).msgs.some((m: any) => m.data.type === 'kubeplay:done'),
    )
    expect(
      ((await page.evaluate(() => (window as any).msgs)) as { data: any }[]).some(
        (m) => m.data.type === 'kubeplay:output' && m.data.text.includes('deployment.apps/web'),
      ),
    ).toBe(true)
    const msgs = (await page.evaluate(() => (window as any).msgs)) as { from: string; data: any }[]
    expect(msgs).toContainEqual({
      from: new URL(url).origin,
      data: { type: 'kubeplay:accepted', line: 'kubectl get deploy web -o name' },
    })
    expect(msgs).toContainEqual({
      from: new URL(url).origin,
      data: { type: 'kubeplay:done', exitCode: 0 },
    })

    // The same embed told to serve another site: this page gets nothing and drives nothing.
    await page.goto('http://localhost:9/elsewhere')
    const frame = page.frameLocator('#f')
    await frame.locator('[data-testid=gnode-deployment-web]').waitFor({ timeout: 60_000 })
    await frame.locator('[data-testid=notice]:has-text("does not take commands")').waitFor()
    await send({ type: 'kubeplay:run', line: 'kubectl delete deployment web' })
    await send({ type: 'kubeplay:reset' })
    await page.waitForTimeout(3000)
    expect(await page.evaluate(() => (window as any).msgs)).toEqual([])
    expect(await frame.locator('[data-testid=gnode-deployment-web]').count()).toBe(1)
    await screenshot(page, 'embed-wrong-origin')
    await page.context().close()
  })
})
