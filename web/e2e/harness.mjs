// The e2e harness: starts `govscore demo` (seeded store + the sample sites + the
// API and web UI) on a free 127.0.0.1 port in a temp folder, launches Debian's
// Chromium headless through playwright-core, and gives the tests logged-in pages.
//
// Contract:
// - GOVSCORE_BIN names the govscore binary (ctest passes it); default ../../build/govscore.
// - Chromium must be at /usr/bin/chromium (GOVSCORE_CHROMIUM overrides); missing → the
//   suite fails with a clear message (never skips): scripts/setup.sh installs it.
// - web/dist must be built (scripts/setup.sh does it).
// - Every browser request to a host other than 127.0.0.1/localhost is aborted and recorded
//   in `blockedRequests`; the tests assert it stays empty.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
export const webDir = path.resolve(here, '..')
export const repoDir = path.resolve(webDir, '..')
export const screenshotDir = process.env.GOVSCORE_E2E_SCREENSHOTS || path.join(here, 'screenshots')

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage', '--lang=zh-CN',
]

// The password every demo user gets (tests only).
export const DEMO_PASSWORD = 'e2e-Passw0rd!'

export function govscoreBin() {
  const bin = process.env.GOVSCORE_BIN || path.join(repoDir, 'build', 'govscore')
  if (!existsSync(bin)) throw new Error(`govscore binary not found: ${bin} (build it, or set GOVSCORE_BIN)`)
  return bin
}

export function chromiumPath() {
  const p = process.env.GOVSCORE_CHROMIUM || '/usr/bin/chromium'
  if (!existsSync(p)) {
    throw new Error(`Chromium not found at ${p}: the web e2e tests need Debian's chromium package (run scripts/setup.sh)`)
  }
  return p
}

// Starts the demo server. Resolves {url, proc, tmp, output()} once it prints its address.
export async function startServer({ timeoutMs = 180000 } = {}) {
  const bin = govscoreBin()
  // The binary serves web/dist of the source tree it was built from.
  const dist = path.join(webDir, 'dist')
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`web UI not built: ${dist}/index.html missing (run scripts/setup.sh)`)
  const tmp = mkdtempSync(path.join(tmpdir(), 'govscore-e2e-'))
  // `govscore demo` seeds <out>/govscore.db (sample sites on loopback, a campaign, scans,
  // judgments, one user per role with --password), then serves the API and web/dist of
  // the source tree on --listen, with the sample sites alive for rescans.
  const args = [
    'demo',
    '--out', tmp,
    '--listen', '127.0.0.1:0',
    '--password', DEMO_PASSWORD,
    '--as-of', '2026-11-20',
  ]
  const proc = spawn(bin, args, { cwd: repoDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LANG: 'C.UTF-8' } })
  let out = ''
  const onData = (d) => { out += d.toString() }
  proc.stdout.on('data', onData)
  proc.stderr.on('data', onData)
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`govscore demo did not print its address within ${timeoutMs} ms:\n${out}`)), timeoutMs)
    const check = () => {
      const m = out.match(/(?:在浏览器中打开|govscore serve:)\s*(http:\/\/127\.0\.0\.1:\d+)/)
      if (m) {
        clearTimeout(timer)
        proc.stdout.off('data', check)
        proc.stderr.off('data', check)
        resolve(m[1])
      }
    }
    proc.stdout.on('data', check)
    proc.stderr.on('data', check)
    proc.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`govscore demo exited with ${code} before serving:\n${out}`))
    })
  })
  return { url, proc, tmp, output: () => out }
}

export async function stopServer(server) {
  if (!server) return
  const { proc, tmp } = server
  if (proc.exitCode === null) {
    const exited = new Promise((r) => proc.once('exit', r))
    proc.kill('SIGTERM')
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10000)
    await exited
    clearTimeout(timer)
  }
  if (!process.env.GOVSCORE_E2E_KEEP) rmSync(tmp, { recursive: true, force: true })
}

// playwright-core's launch() gives Chromium a fresh, empty temporary --user-data-dir of
// its own (and removes it at close); passing one ourselves is refused by launch().
export async function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true })
}

export const blockedRequests = []

// A fresh browser context (own cookies) with the loopback-only guard.
export async function newContext(browser, baseURL) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true })
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url())
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.hostname === '127.0.0.1' || u.hostname === 'localhost') return route.continue()
    blockedRequests.push(u.href)
    return route.abort()
  })
  context.setDefaultTimeout(45000)
  context.setDefaultNavigationTimeout(60000)
  return context
}

// Logs in through the login page; resolves the page on the user's home page.
export async function loginPage(browser, baseURL, username, password = DEMO_PASSWORD) {
  const context = await newContext(browser, baseURL)
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error(`[page error ${username}]`, e.message))
  await page.goto('/login')
  await field(page, 'username').fill(username)
  await field(page, 'password').fill(password)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.locator('[data-test=user-name]').waitFor()
  return page
}

export async function shot(page, name) {
  mkdirSync(screenshotDir, { recursive: true })
  await page.waitForTimeout(400) // let charts finish their animation
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: false })
}

// Calls the API from inside a page (its cookie; CSRF header from the readable cookie).
export async function apiFromPage(page, method, url, body) {
  return page.evaluate(async ({ method, url, body }) => {
    const m = document.cookie.match(/(?:^|;\s*)govscore_csrf=([^;]*)/)
    const headers = { Accept: 'application/json' }
    if (method !== 'GET') headers['X-CSRF-Token'] = m ? decodeURIComponent(m[1]) : ''
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    let json = null
    try { json = await res.json() } catch { json = null }
    return { status: res.status, json }
  }, { method, url, body })
}

// Chooses an option of an Element Plus <el-select> by its visible text.
export async function chooseOption(page, selectLocator, text) {
  await selectLocator.click()
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first()
  await option.click()
}

// The text input or textarea marked data-test=NAME (Element Plus puts the attribute
// on the native element for el-input, on the wrapper for some other components).
export function field(page, name) {
  return page.locator(`input[data-test="${name}"], textarea[data-test="${name}"], [data-test="${name}"] input, [data-test="${name}"] textarea`).first()
}
