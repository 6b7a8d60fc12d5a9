import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

/** Debian's Chromium; browser tests say plainly when it is missing instead of failing obscurely. */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) =>
  existsSync(p),
)

export const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
]

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM!, args: ARGS })
}

let server: ChildProcess | null = null

/** Builds the static site once and serves it with `vite preview` on a free local port. */
export async function serveApp(port: number): Promise<string> {
  await run('npx', ['vite', 'build', '--logLevel', 'error'])
  server = spawn(
    'npx',
    ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { stdio: 'ignore', detached: true },
  )
  const url = `http://127.0.0.1:${port}/`
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return url
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('preview server did not start')
}

export function stopApp(): void {
  try {
    if (server?.pid) process.kill(-server.pid)
  } catch {
    // Already gone.
  }
  server = null
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: 'inherit' })
    p.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`)),
    )
  })
}

/** Types a command line into the terminal and waits until it has finished. */
export async function typeCommand(page: Page, line: string): Promise<void> {
  await page.click('[data-testid=terminal]')
  const runs = await finishedRuns(page)
  await page.keyboard.type(line, { delay: 2 })
  await page.keyboard.press('Enter')
  await waitForRuns(page, runs + 1)
}

export async function finishedRuns(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid=terminal]', 'data-runs'))
}

export async function waitForRuns(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (k) => Number(document.querySelector('[data-testid=terminal]')?.getAttribute('data-runs')) >= k,
    n,
    { timeout: 30_000 },
  )
}

export async function terminalText(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.xterm-rows > div')].map((d) => d.textContent ?? '').join('\n'),
  )
}

export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/${name}.png` })
}
