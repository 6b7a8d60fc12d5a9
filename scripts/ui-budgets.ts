/**
 * App budgets, measured (not tested): initial JS before Monaco (gzip), time until the terminal
 * accepts input on a local static server, and frames per second in headless Chromium while a
 * 300-pod rolling update is drawn.  Run: npx tsx scripts/ui-budgets.ts  (builds first)
 */
import { readFileSync, readdirSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { launch, serveApp, stopApp, typeCommand, CHROMIUM } from '../e2e/harness.ts'

async function main(): Promise<void> {
  if (!CHROMIUM) throw new Error('needs Chromium at /usr/bin/chromium')
  const url = await serveApp(4319)
  const html = readFileSync('dist/index.html', 'utf8')
  const initial = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1],
  )
  const initialGzipKb =
    initial.reduce((n, f) => n + gzipSync(readFileSync(join('dist', f))).length, 0) / 1024
  const lazyKb =
    readdirSync('dist/assets')
      .filter((f) => f.startsWith('YamlEditor') && f.endsWith('.js'))
      .reduce((n, f) => n + gzipSync(readFileSync(join('dist/assets', f))).length, 0) / 1024

  const browser = await launch()
  const page = await (
    await browser.newContext({ viewport: { width: 1440, height: 900 } })
  ).newPage()
  const t0 = Date.now()
  await page.goto(url + '?lang=en')
  await page.waitForSelector('[data-testid=terminal] .xterm-rows')
  const ttiMs = Date.now() - t0

  // Two workers hold at most 220 pods (110 each); the rest stay Pending, which the graph draws too.
  await typeCommand(page, 'kubectl create deployment big --image=nginx:1.26 --replicas=300')
  await page.waitForTimeout(15_000)
  await page.click('[data-testid=terminal]')
  await page.keyboard.type('kubectl set image deployment/big nginx=nginx:1.27\n')
  // A string, not a function: the TypeScript loader would add helpers the page does not have.
  const fps = (await page.evaluate(`new Promise((resolve) => {
    let frames = 0
    const start = performance.now()
    const tick = () => {
      frames++
      if (performance.now() - start < 10000) requestAnimationFrame(tick)
      else resolve((frames * 1000) / (performance.now() - start))
    }
    requestAnimationFrame(tick)
  })`)) as number
  await browser.close()
  stopApp()
  const result = {
    initialGzipKb: Math.round(initialGzipKb),
    monacoLazyGzipKb: Math.round(lazyKb),
    ttiMs,
    rolloutFps: Math.round(fps * 10) / 10,
    budget: { initialGzipKb: 350, rolloutFps: 30 },
  }
  console.log(JSON.stringify(result))
}

await main()
