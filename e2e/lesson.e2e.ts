import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { CHROMIUM, launch, screenshot, serveApp, stopApp, typeCommand } from './harness.ts'

describe.skipIf(!CHROMIUM)('a lesson, as a new learner takes it', () => {
  let browser: Browser
  let url: string

  beforeAll(async () => {
    url = await serveApp(4318)
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
    stopApp()
  })

  async function takeLesson(lang: 'en' | 'zh-CN'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    page.on('pageerror', (e) => {
      throw e
    })
    await page.goto(`${url}?lang=${lang}#/course`)
    await page.click('[data-testid=lesson-link-deployment-first]')
    await page.waitForSelector('[data-testid=checklist]')
    await page.waitForSelector('[data-testid=terminal] .xterm-rows')
    // Step 1: the command block in the text is run with its button, as a learner would click it.
    await page.waitForSelector('[data-testid=still-different]')
    await page.click('.command-block button:first-child')
    await page.waitForSelector('[data-testid=step-done]', { timeout: 60_000 })
    await screenshot(page, `lesson-step1-${lang}`)
    await page.click('[data-testid=next-step]')
    // Step 2: typed by hand.
    await typeCommand(page, 'kubectl scale deployment hellok8s-go-http --replicas=3')
    await page.waitForSelector('[data-testid=step-done]', { timeout: 60_000 })
    await page.click('[data-testid=next-step]')
    await typeCommand(page, 'kubectl delete pod -l app=hellok8s --wait=false')
    await page.waitForSelector('[data-testid=step-done]', { timeout: 60_000 })
    await screenshot(page, `lesson-done-${lang}`)
    return page
  }

  it('in English', async () => {
    const page = await takeLesson('en')
    expect(await page.textContent('[data-testid=step-done]')).toContain('Lesson complete')
    await page.goto(`${url}?lang=en#/course`)
    expect(await page.textContent('[data-testid=lesson-link-deployment-first]')).toContain('✓')
  })

  it('in Chinese', async () => {
    const page = await takeLesson('zh-CN')
    expect(await page.textContent('[data-testid=step-done]')).toContain('整节课完成')
  })
})
