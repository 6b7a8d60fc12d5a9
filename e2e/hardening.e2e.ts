import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { readFileSync } from 'node:fs'
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
import { encodePayload } from '../src/share/codec.ts'
import { parseLesson } from '../src/lessons/load.ts'

const HOSTILE = '<img src=x onerror=window.__pwned=1>'
const RTL = '\u202eevil-rtl'
/** The longest name a DNS subdomain (and so a Pod) may have. */
const LONG = 'p' + 'x'.repeat(251) + 'z'

/** The page's state after hostile text was shown: nothing ran, no image came from it. */
async function assertInert(page: Page, where: string): Promise<void> {
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned), where).toBe(
    undefined,
  )
  expect(await page.locator('img[src=x]').count(), where).toBe(0)
}

/** A lesson from the course with markup and a direction override in its title and text. */
function hostileLessonLink(): string {
  const file = 'lessons/basics-1-cluster/lesson.yaml'
  const { lesson } = parseLesson(file, readFileSync(file, 'utf8'))
  if (!lesson) throw new Error('lesson did not load')
  const content = structuredClone(lesson)
  content.id = 'hostile-lesson'
  content.title = { en: `Title ${HOSTILE} ${RTL}`, 'zh-CN': `标题 ${HOSTILE} ${RTL}` }
  content.steps[0].title = { en: `Step ${HOSTILE}`, 'zh-CN': `步骤 ${HOSTILE}` }
  content.steps[0].text = {
    en: `Plain text ${HOSTILE} and ${RTL} here.`,
    'zh-CN': `正文 ${HOSTILE} ${RTL}`,
  }
  return encodePayload({ v: 2, lesson: { id: content.id, content } })
}

/** Makes the engine worker throw outside any request, as a bug or a lost worker would. */
async function crashEngine(page: Page): Promise<void> {
  const worker = page.workers().find((w) => /engine/.test(w.url()))
  if (!worker) throw new Error('no engine worker')
  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated engine crash')
    }, 0)
  })
}

async function waitRecovered(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=notice]:has-text("stopped unexpectedly")', {
    timeout: 30_000,
  })
}

/** Presses Enter on a line without waiting for it to finish (it is still running when we crash). */
async function startCommand(page: Page, line: string): Promise<number> {
  await page.click('[data-testid=terminal]')
  const runs = await finishedRuns(page)
  await page.keyboard.type(line, { delay: 1 })
  await page.keyboard.press('Enter')
  return runs
}

describe.skipIf(!CHROMIUM)('hostile input and faults in Chromium', () => {
  let browser: Browser
  let url: string

  beforeAll(async () => {
    url = await serveApp(4321)
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
    stopApp()
  })

  async function freshPage(path = '?lang=en'): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 860 },
      permissions: ['clipboard-read', 'clipboard-write'],
    })
    const page = await context.newPage()
    page.on('pageerror', (e) => {
      if (!/simulated engine crash/.test(String(e))) throw e
    })
    page.on('dialog', (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`)
    })
    await page.goto(url + path)
    await page.waitForSelector('[data-testid=terminal] .xterm-rows', { timeout: 60_000 })
    return page
  }

  it('shows hostile names and text inertly in the terminal, graph, inspector, lesson and share dialog', async () => {
    const page = await freshPage()

    // Terminal: echoed markup, a refused name (kubectl repeats it), a file named after it.
    await typeCommand(page, `echo '${HOSTILE}'`)
    await typeCommand(page, `kubectl create configmap '${HOSTILE}'`)
    const refused = (await terminalText(page)).replace(/\s+/g, ' ')
    expect(refused, refused).toContain(`The ConfigMap "${HOSTILE}" is invalid`)
    await typeCommand(page, `echo '${HOSTILE}' > hostile.txt && cat hostile.txt`)
    expect(await terminalText(page)).toMatch(
      new RegExp(`^${HOSTILE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm'),
    )
    await assertInert(page, 'terminal')

    // Graph: a pod with the longest legal name, annotated with markup and an RTL override.
    // (kubectl run would label it run=<name>, and label values stop at 63 characters.)
    await typeCommand(
      page,
      `printf 'apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: ${LONG}\\n  annotations:\\n    note: "${HOSTILE} ${RTL}"\\nspec:\\n  containers:\\n  - name: c\\n    image: nginx\\n' | kubectl apply -f -`,
    )
    expect(await terminalText(page)).toContain('created')
    const node = page.locator(`[data-testid="gnode-pod-${LONG}"]`)
    await node.waitFor({ timeout: 30_000 })
    expect(await node.locator('.gnode-name').textContent()).toBe(LONG)
    await screenshot(page, 'hostile-graph')
    await assertInert(page, 'graph')

    // Inspector: describe prints the annotation as text.
    await node.click()
    await page.waitForFunction(
      (h) => document.querySelector('[data-testid=inspector-body]')?.textContent?.includes(h),
      HOSTILE,
      { timeout: 30_000 },
    )
    expect(await page.textContent('[data-testid=inspector-body]')).toContain(RTL)
    await screenshot(page, 'hostile-inspector')
    await assertInert(page, 'inspector')

    // Share dialog: it shows the link; its text summary lists the pods and the last commands.
    await page.click('[data-testid=share]')
    await page.waitForSelector('[data-testid=share-dialog]')
    await page.click('[data-testid=share-copy-text]')
    // Polled from here: a waitForFunction predicate that is async returns a promise, which counts
    // as done at once.
    let summary = ''
    for (let i = 0; i < 300 && !summary.includes(LONG); i++) {
      summary = await page.evaluate(() => navigator.clipboard.readText())
      if (!summary.includes(LONG)) await page.waitForTimeout(100)
    }
    expect(summary, summary).toContain(LONG)
    expect(await page.locator('[data-testid=share-dialog] img').count()).toBe(0)
    await screenshot(page, 'hostile-share')
    await assertInert(page, 'share dialog')
    await page.click('[data-testid=share-close]')

    // Lesson panel: a shared lesson whose title and text carry markup.
    await page.evaluate((h) => (location.hash = h), hostileLessonLink())
    await page.waitForFunction((h) => document.body.textContent?.includes(`Step ${h}`), HOSTILE, {
      timeout: 30_000,
    })
    const body = await page.textContent('body')
    expect(body).toContain(`Plain text ${HOSTILE} and ${RTL} here.`)
    await screenshot(page, 'hostile-lesson')
    await assertInert(page, 'lesson panel')
    await page.context().close()
  })

  it('recovers from an engine crash during a rolling update, keeping files and history', async () => {
    const page = await freshPage()
    await typeCommand(page, 'echo kept > kept.txt')
    await typeCommand(page, 'kubectl create deployment roll --image=nginx:1.25 --replicas=3')
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid^="gnode-pod-roll-"] .gnode-status')].filter(
          (e) => e.textContent === 'Running',
        ).length === 3,
      undefined,
      { timeout: 60_000 },
    )
    await page.waitForTimeout(2_000) // the engine saves a second after a command
    const runs = await startCommand(
      page,
      'kubectl set image deployment/roll nginx=nginx:1.27 && kubectl rollout status deployment/roll',
    )
    await page.waitForTimeout(300)
    await crashEngine(page)
    await waitRecovered(page)
    await waitForRuns(page, runs + 1)
    expect(await terminalText(page)).toContain('the cluster engine restarted')
    await typeCommand(page, 'cat kept.txt; kubectl get deployment roll -o name')
    const text = await terminalText(page)
    expect(text).toContain('kept')
    expect(text).toContain('deployment.apps/roll')
    await page.click('[data-testid=terminal]')
    await page.keyboard.press('ArrowUp')
    expect(await terminalText(page)).toMatch(
      /# cat kept\.txt; kubectl get deployment roll -o name\s*$/m,
    )
    await page.keyboard.press('Control+C')
    await screenshot(page, 'crash-rollout')
    await page.context().close()
  })

  it('recovers from an engine crash during an apply of a file from the editor and with a kubectl edit open', async () => {
    const page = await freshPage()
    await typeCommand(page, 'kubectl create configmap settings --from-literal=color=blue')
    await page.waitForTimeout(2_000)

    // A file written in the editor, then applied; the engine goes in the middle of the apply.
    const before = await finishedRuns(page)
    await page.click('[data-testid=terminal]')
    await page.keyboard.type('vi app.yaml')
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid=yaml-editor] .monaco-editor', { timeout: 60_000 })
    await page.click('[data-testid=yaml-editor] .view-lines')
    await page.evaluate(() =>
      navigator.clipboard.writeText(
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-editor\ndata:\n  k: v\n',
      ),
    )
    await page.keyboard.press('Control+V')
    await page.click('[data-testid=editor-save]')
    await waitForRuns(page, before + 1)
    await page.waitForTimeout(2_000)
    const applying = await startCommand(page, 'kubectl apply -f app.yaml')
    await crashEngine(page)
    await waitRecovered(page)
    await waitForRuns(page, applying + 1)
    await typeCommand(page, 'grep name: app.yaml')
    expect(await terminalText(page)).toContain('name: from-editor')

    // kubectl edit waiting on its buffer when the engine goes.
    const runs = await startCommand(page, 'kubectl edit configmap settings')
    await page.waitForFunction(
      () => document.querySelector('[data-testid=yaml-editor]')?.textContent?.includes('color'),
      undefined,
      { timeout: 30_000 },
    )
    await crashEngine(page)
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=notice]').length >= 2,
      undefined,
      { timeout: 30_000 },
    )
    await waitForRuns(page, runs + 1)
    expect(await page.textContent('[data-testid=yaml-editor]')).toContain('color')
    await typeCommand(page, 'kubectl get configmap settings -o jsonpath={.data.color}')
    expect(await terminalText(page)).toContain('blue')
    await screenshot(page, 'crash-edit')
    await page.context().close()
  })

  it("keeps the shell's nesting bounds inside the worker's stack", async () => {
    const page = await freshPage()
    // The deepest of each kind the bounds allow, where the JavaScript stack is the worker's.
    const lines: [string, RegExp][] = [
      ['f(){ echo "$(f)"; }; f', /f: maximum function nesting level exceeded \(\d+\)/],
      ['echo "bash b.sh" > b.sh; bash b.sh', /fork: Resource temporarily unavailable/],
      [`echo ${'$('.repeat(99)}echo deep${')'.repeat(99)}`, /deep: command not found/],
      [
        `echo ${'$('.repeat(101)}echo x${')'.repeat(101)}`,
        /syntax error near unexpected token `\$\('/,
      ],
      ['e=\'eval "$e"\'; eval "$e"', /eval: maximum eval nesting level exceeded \(\d+\)/],
    ]
    for (const [line, expected] of lines) {
      await typeCommand(page, line)
      const text = await terminalText(page)
      expect(text).toMatch(expected)
      expect(text).not.toMatch(/RangeError|call stack/)
      await typeCommand(page, 'clear')
    }
    await page.context().close()
  })

  it('tells the learner when browser storage is full instead of failing', async () => {
    const page = await freshPage()
    await page.evaluate(() => {
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      }
    })
    await typeCommand(page, 'echo still-working')
    expect(await terminalText(page)).toContain('still-working')
    await page.waitForSelector('[data-testid=notice]:has-text("storage is full")')
    await typeCommand(page, 'kubectl get ns default -o name')
    expect(await terminalText(page)).toContain('namespace/default')
    await screenshot(page, 'storage-full')
    await page.context().close()
  })
})
