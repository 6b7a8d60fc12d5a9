import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import {
  CHROMIUM,
  finishedRuns,
  launch,
  screenshot,
  serveApp,
  stopApp,
  terminalText,
  typeCommand,
  waitForRuns,
} from './harness.ts'

if (!CHROMIUM)
  console.warn('browser tests skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)')

describe.skipIf(!CHROMIUM)('the playground in Chromium', () => {
  let browser: Browser
  let url: string
  let page: Page

  beforeAll(async () => {
    url = await serveApp(4317)
    browser = await launch()
    const context = await browser.newContext({
      viewport: { width: 1400, height: 860 },
      permissions: ['clipboard-read', 'clipboard-write'],
    })
    page = await context.newPage()
    page.on('pageerror', (e) => {
      throw e
    })
    await page.goto(url + '?lang=en')
    await page.waitForSelector('[data-testid=terminal] .xterm-rows', { timeout: 60_000 })
  })

  afterAll(async () => {
    await browser?.close()
    stopApp()
  })

  it('runs kubectl in the terminal and shows the result in the graph', async () => {
    await typeCommand(page, 'kubectl create deployment web --image=nginx --replicas=2')
    expect(await terminalText(page)).toContain('deployment.apps/web created')
    await page.waitForSelector('[data-testid=gnode-deployment-web]')
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid^="gnode-pod-web-"] .gnode-status').length === 2,
    )
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid^="gnode-pod-web-"] .gnode-status')].every(
          (e) => e.textContent === 'Running',
        ),
      undefined,
      { timeout: 30_000 },
    )
    await typeCommand(page, 'kubectl get pods')
    expect(await terminalText(page)).toMatch(/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/)
    await screenshot(page, 'graph-and-terminal')
  })

  it('opens a file from the terminal in the editor and applies it', async () => {
    const runs = await finishedRuns(page)
    await page.click('[data-testid=terminal]')
    await page.keyboard.type('vi cm.yaml')
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid=yaml-editor] .monaco-editor', { timeout: 60_000 })
    await page.click('[data-testid=yaml-editor] .view-lines')
    // Paste, as a learner copying from a tutorial would: typed newlines would be auto-indented.
    await page.evaluate(() =>
      navigator.clipboard.writeText(
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: blue\n',
      ),
    )
    await page.keyboard.press('Control+V')
    await screenshot(page, 'editor')
    await page.click('[data-testid=editor-save]')
    await waitForRuns(page, runs + 1)
    await typeCommand(page, 'kubectl apply -f cm.yaml')
    expect(await terminalText(page)).toContain('configmap/settings created')
    await typeCommand(page, 'kubectl get cm settings -o jsonpath={.data.color}')
    expect(await terminalText(page)).toContain('blue')
  })

  it('pauses and steps virtual time', async () => {
    await page.click('[data-testid=pause]')
    // The pause reaches the engine asynchronously; read the clock once the engine reports it.
    await page.waitForSelector('[data-testid=pause][aria-pressed=true]')
    await page.waitForTimeout(300)
    const t1 = await page.textContent('[data-testid=clock]')
    await page.waitForTimeout(1500)
    expect(await page.textContent('[data-testid=clock]')).toBe(t1)
    await page.click('[data-testid=step]')
    await page.waitForFunction(
      (t) => document.querySelector('[data-testid=clock]')?.textContent !== t,
      t1,
    )
    await page.click('[data-testid=pause]')
  })

  it('undoes the last command', async () => {
    await typeCommand(page, 'kubectl delete deployment web --wait=false')
    await page.waitForSelector('[data-testid=gnode-deployment-web]', { state: 'detached' })
    await page.click('[data-testid=undo]')
    await page.waitForSelector('[data-testid=gnode-deployment-web]')
  })

  it('finds everything again after a reload', async () => {
    await typeCommand(page, 'echo remembered > note.txt')
    await page.waitForTimeout(1500)
    await page.reload()
    await page.waitForSelector('[data-testid=gnode-deployment-web]', { timeout: 60_000 })
    await typeCommand(page, 'cat note.txt')
    expect(await terminalText(page)).toContain('remembered')
    await page.click('[data-testid=terminal]')
    await page.keyboard.press('ArrowUp')
    expect(await terminalText(page)).toMatch(/# cat note\.txt\s*$/m)
    await screenshot(page, 'after-reload')
  })
})
