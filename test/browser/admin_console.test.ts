import { existsSync, mkdirSync } from "node:fs"
import { join } from "node:path"
import puppeteer, { type Browser, type Page } from "puppeteer-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { publishHeldVideo } from "../http/held_video.ts"
import { expectEnvelope, useServer } from "../http/support.ts"

// The admin console in a real browser (Debian's chromium, driven by puppeteer-core): log in with the admin token,
// approve a held video, see it in the apps' recommend list, pin it, and keep a screenshot of each step.

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium"
/** Where the screenshots are kept (ignored by git; CI can collect them). */
export const ARTIFACTS = join(import.meta.dirname, "..", "..", "test-artifacts")
const ADMIN_TOKEN = "console-test-admin-token-0123456789"

describe.skipIf(!existsSync(CHROMIUM))("admin console in Chromium", () => {
  const api = useServer({ jobWorkerIdle: null, adminToken: ADMIN_TOKEN })
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
    })
    page = await browser.newPage()
    // The page's own errors and failed requests belong in the test output.
    page.on("pageerror", (error) => console.error(`console page error: ${String(error)}`))
    page.on("console", (message) => { if (message.type() === "error") console.error(`console page: ${message.text()}`) })
    await page.setViewport({ width: 412, height: 915, isMobile: true, hasTouch: true })
  }, 30_000)
  afterAll(async () => {
    await browser?.close()
  })

  let viewerToken: string | undefined
  const viewer = async () =>
    viewerToken ??= (expectEnvelope(await api.get("/user/randomUser"), "200").data as { token: string }).token

  const heldVideo = async (title: string) => (await publishHeldVideo(api, title)).videoId

  const recommended = async () =>
    (expectEnvelope(await api.get("/vod/getRecommendVideoList", { token: await viewer(), pageIndex: "1", pageSize: "20" }), "200").data
      .videoList as Array<{ videoId: string }>).map((v) => v.videoId)

  it("logs in, approves a held video, sees it recommended, pins it", async () => {
    try {
      await walkThrough()
    } catch (error) {
      await page.screenshot({ path: join(ARTIFACTS, "console-failure.png"), fullPage: true })
      throw error
    }
  }, 60_000)

  const walkThrough = async () => {
    const videoId = await heldVideo("Held for the console")
    expect(await recommended()).not.toContain(videoId)

    await page.goto(`${api.url()}/console`)
    await page.waitForSelector("form#login:not([hidden])")
    // A wrong token is refused and the form stays.
    await page.type("#token", "not-the-token")
    await page.click("form#login button[type=submit]")
    await page.waitForFunction(`document.querySelector("#login-error")?.textContent !== ""`)
    await page.type("#token", ADMIN_TOKEN)
    await page.click("form#login button[type=submit]")

    const card = `#queue article[data-video-id="${videoId}"]`
    await page.waitForSelector(card)
    await page.screenshot({ path: join(ARTIFACTS, "console-1-moderation.png"), fullPage: true })
    const approve = await page.$(`${card} button.primary`)
    await approve!.click()
    // Approved videos leave the review queue.
    await page.waitForFunction(`document.querySelector(${JSON.stringify(card)}) === null`)
    expect(await recommended()).toContain(videoId)

    await page.click('#tabs a[data-tab="recommend"]')
    const feedCard = `#feed article[data-video-id="${videoId}"]`
    await page.waitForSelector(feedCard)
    await (await page.$(`${feedCard} button.primary`))!.click()
    await page.waitForSelector(`#pinned article[data-video-id="${videoId}"]`)
    await page.screenshot({ path: join(ARTIFACTS, "console-2-pinned.png"), fullPage: true })
    expect((await recommended())[0]).toBe(videoId)

    await page.click('#tabs a[data-tab="users"]')
    await page.waitForSelector("table tbody tr")
    await page.screenshot({ path: join(ARTIFACTS, "console-3-users.png"), fullPage: true })
  }
})
