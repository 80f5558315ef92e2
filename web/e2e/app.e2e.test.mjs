// End-to-end tests of the web UI in real headless Chromium against `govscore demo --serve`.
// Run: GOVSCORE_BIN=build/govscore node --test web/e2e/  (ctest: web_e2e).
// The tests run in order and share one server: later ones use what earlier ones made.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  startServer, stopServer, launchBrowser, loginPage, newContext, shot, apiFromPage, chooseOption,
  blockedRequests, DEMO_PASSWORD, field,
} from './harness.mjs'
import { humanizeMeasures } from '../src/utils/measures.js'

// A real 1×1 PNG (the server checks uploads by content).
const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

describe('govscore web UI', { concurrency: false }, () => {
  let server
  let browser
  let admin // page of the admin
  let organiser
  let state = {} // ids found along the way
  const files = mkdtempSync(path.join(tmpdir(), 'govscore-e2e-files-'))

  before(async () => {
    // Chromium first: a missing browser fails the suite at once (never a skip).
    browser = await launchBrowser()
    server = await startServer()
  })

  after(async () => {
    if (browser) await browser.close()
    await stopServer(server)
    assert.deepEqual(blockedRequests, [], 'the browser tried to reach hosts other than 127.0.0.1')
  })

  it('rejects a wrong password and logs the admin in', async () => {
    const context = await newContext(browser, server.url)
    const page = await context.newPage()
    await page.goto('/overview')
    await page.waitForURL(/\/login/)
    await field(page, 'username').fill('admin')
    await field(page, 'password').fill('wrong-password')
    await page.locator('[data-test=login-submit]').click()
    await page.locator('[data-test=login-error]').waitFor()
    assert.match(await page.locator('[data-test=login-error]').innerText(), /用户名或密码错误/)
    await shot(page, '01-login')
    await context.close()

    admin = await loginPage(browser, server.url, 'admin')
    assert.match(new URL(admin.url()).pathname, /^\/overview/)
    assert.match(await admin.locator('[data-test=role]').innerText(), /系统管理员/)
    const units = await apiFromPage(admin, 'GET', '/api/units')
    assert.equal(units.status, 200)
    assert.ok(units.json.units.length >= 2, 'the demo seeds at least two units')
    state.units = units.json.units
    const campaigns = await apiFromPage(admin, 'GET', '/api/campaigns')
    state.demoCampaign = campaigns.json.campaigns[0]
    assert.ok(state.demoCampaign, 'the demo seeds a campaign')
  })

  it('an organiser creates a campaign in the UI', async () => {
    organiser = await loginPage(browser, server.url, 'organiser')
    const menu = await organiser.locator('.el-menu-item').allInnerTexts()
    assert.ok(menu.includes('评估任务') && menu.includes('评估对象') && !menu.includes('用户管理'), `organiser menu: ${menu}`)
    await organiser.goto('/campaigns')
    await organiser.locator('[data-test=new-campaign]').click()
    await field(organiser, 'campaign-name').fill('E2E 测试任务')
    const fw = await apiFromPage(organiser, 'GET', '/api/frameworks')
    const version = fw.json.versions[0]
    await chooseOption(organiser, organiser.locator('[data-test=campaign-framework]'), version.title)
    const asOf = field(organiser, 'campaign-as-of')
    await asOf.fill('2026-11-20')
    await asOf.press('Enter')
    // Move the first two units to the right-hand list of the transfer.
    const left = organiser.locator('.el-transfer-panel').first()
    const boxes = left.locator('.el-transfer-panel__list .el-checkbox')
    await boxes.nth(0).click()
    await boxes.nth(1).click()
    await organiser.locator('.el-transfer__buttons button').nth(1).click()
    await organiser.locator('[data-test=campaign-create]').click()
    await organiser.waitForURL(/\/campaigns\/\d+$/)
    state.campaignId = Number(new URL(organiser.url()).pathname.split('/').pop())
    await organiser.locator('[data-test=campaign-title]').waitFor()
    assert.equal(await organiser.locator('[data-test=campaign-title]').innerText(), 'E2E 测试任务')
    const c = await apiFromPage(organiser, 'GET', `/api/campaigns/${state.campaignId}`)
    assert.equal(c.json.unit_ids.length, 2)
    assert.equal(c.json.as_of, '2026-11-20')
    assert.equal(c.json.framework_version_id, version.id)
  })

  it('starts the scans and watches them finish live', async () => {
    const page = organiser
    await page.locator('[data-test=start-scans]').click()
    await page.locator('[data-test=live-progress]').waitFor()
    // Wait for every scan to finish (the sample sites are small and on loopback).
    let p
    for (const deadline = Date.now() + 240000; ; await page.waitForTimeout(1000)) {
      p = await apiFromPage(page, 'GET', `/api/campaigns/${state.campaignId}/progress`)
      if (p.json.scans.total > 0 && p.json.scans.queued + p.json.scans.running === 0) break
      assert.ok(Date.now() < deadline, `scans still running: ${JSON.stringify(p.json.scans)}`)
    }
    assert.ok(p.json.scans.done >= 2, `scans done: ${JSON.stringify(p.json.scans)}`)
    assert.equal(p.json.scans.failed, 0)
    // The page shows the finished scans (live update or its last refresh).
    await page.locator('[data-test=scans-table] .el-table__row', { hasText: '已完成' }).first().waitFor({ timeout: 30000 })
    await page.locator('[data-test=progress-done]', { hasText: String(p.json.scans.done) }).waitFor({ timeout: 30000 })
    await shot(page, '03-campaign-scans')
  })

  it('新媒体发布记录: the organiser imports an account’s post list on the campaign page', async () => {
    const page = organiser
    const cid = state.campaignId
    const camp = (await apiFromPage(page, 'GET', `/api/campaigns/${cid}`)).json
    const units = (await apiFromPage(page, 'GET', '/api/units')).json.units
    const unit = units.find((u) => u.id === camp.unit_ids[0])
    await page.goto(`/campaigns/${cid}`)
    await chooseOption(page, page.locator('[data-test=posts-unit]'), unit.name)
    const csv = path.join(files, 'posts.csv')
    writeFileSync(csv, `发布时间,标题,是否原创\n${camp.as_of} 09:00,最新一条,是\n2001-01-01 09:00,很久以前,否\n`)
    await page.locator('[data-test=posts-file]').setInputFiles(csv)
    await page.locator('[data-test=posts-import]').click()
    const result = page.locator('[data-test=posts-result]')
    await result.waitFor()
    const text = await result.innerText()
    assert.match(text, /读取 2 条发布记录，其中 1 条在评估周期/)
    assert.match(text, new RegExp(`最新发布 ${camp.as_of}`))
    // Stored as the unit's measures of the campaign: the score trace can read them.
    const score = await apiFromPage(page, 'GET', `/api/campaigns/${cid}/units/${unit.id}/score`)
    assert.equal(score.status, 200)
  })

  it('a reviewer judges a manual indicator with an uploaded screenshot', async () => {
    const reviewer = await loginPage(browser, server.url, 'reviewer')
    assert.match(new URL(reviewer.url()).pathname, /^\/review/)
    const menu = await reviewer.locator('.el-menu-item').allInnerTexts()
    assert.ok(menu.includes('人工评分') && !menu.includes('评估对象'), `reviewer menu: ${menu}`)
    const cid = state.demoCampaign.id
    await reviewer.goto(`/review?campaign=${cid}`)
    const queue = await apiFromPage(reviewer, 'GET', `/api/campaigns/${cid}/queue?state=pending`)
    assert.equal(queue.status, 200)
    const item = queue.json.items.find((i) => ['met', 'yes_no', 'points', 'count'].includes(i.input))
    assert.ok(item, 'the demo campaign has a pending manual indicator for the reviewer')
    await openAndScore(reviewer, item, '栏目在首页导航第二项，内容完整（E2E）')
    const png = path.join(files, '栏目截图.png')
    writeFileSync(png, PNG_1x1)
    await reviewer.locator('[data-test=evidence-file-input]').setInputFiles(png)
    await reviewer.locator('[data-test=evidence-file]', { hasText: '栏目截图.png' }).waitFor()
    await field(reviewer, 'evidence-url').fill('http://127.0.0.1/zwgk/')
    await reviewer.getByRole('button', { name: '添加网址' }).click()
    await shot(reviewer, '04-review-workbench')
    await reviewer.locator('[data-test=submit-judgment]').click()
    await reviewer.locator('.el-message--success', { hasText: '评分已提交' }).waitFor()
    const q = new URLSearchParams({ unit_id: item.unit_id, indicator_id: item.indicator_id, criterion: item.criterion, channel: item.channel })
    const j = await apiFromPage(reviewer, 'GET', `/api/campaigns/${cid}/judgment?${q}`)
    assert.equal(j.json.judgment.state, 'submitted')
    assert.equal(j.json.judgment.note, '栏目在首页导航第二项，内容完整（E2E）')
    const kinds = j.json.judgment.evidence.map((e) => e.kind).sort()
    assert.deepEqual(kinds, ['file', 'url'])
    const file = j.json.judgment.evidence.find((e) => e.kind === 'file')
    assert.equal(file.file_name, '栏目截图.png')
    assert.equal(file.size_bytes, PNG_1x1.length)
    state.reviewer = reviewer
    state.judgedUnitId = item.unit_id
  })

  it('a reviewer cannot publish, change units or open organiser pages', async () => {
    const reviewer = state.reviewer
    const cid = state.demoCampaign.id
    await reviewer.goto(`/campaigns/${cid}`)
    await reviewer.locator('[data-test=campaign-title]').waitFor()
    assert.equal(await reviewer.locator('[data-test=publish]').count(), 0, 'no publish button for a reviewer')
    const pub = await apiFromPage(reviewer, 'POST', `/api/campaigns/${cid}/publish`, {})
    assert.equal(pub.status, 403)
    assert.equal(pub.json.error.code, 'forbidden')
    const create = await apiFromPage(reviewer, 'POST', '/api/units', { code: 'x1', name: '某单位', kind: '设区市', region: '', parent_id: null, websites: [], accounts: [] })
    assert.equal(create.status, 403)
    await reviewer.goto('/units')
    await reviewer.waitForURL(/\/review/)
  })

  it('shows the ranking with bands and a unit’s score trace', async () => {
    const page = admin
    const cid = state.demoCampaign.id
    await page.goto('/overview')
    await chooseOption(page, page.locator('[data-test=campaign-picker]'), state.demoCampaign.name)
    const rows = page.locator('[data-test=ranking] .el-table__row')
    await rows.first().waitFor()
    const ranking = await apiFromPage(page, 'GET', `/api/campaigns/${cid}/ranking`)
    assert.equal(await rows.count(), ranking.json.units.length)
    const top = ranking.json.units[0]
    assert.match(await rows.first().innerText(), new RegExp(top.name))
    await page.locator('[data-test=chart-distribution] canvas').waitFor()
    await page.locator('[data-test=chart-groups] canvas').waitFor()
    await shot(page, '02-overview-ranking')
    await page.locator('[data-test=ranking-unit]', { hasText: top.name }).first().click()
    await page.waitForURL(/\/unit\/\d+/)
    await page.locator('[data-test=score-tree] .el-table__row').first().waitFor()
    const score = await apiFromPage(page, 'GET', `/api/campaigns/${cid}/units/${top.unit_id}/score`)
    assert.match(await page.locator('[data-test=unit-score]').innerText(), new RegExp(String(Math.round(score.json.total * 100) / 100).replace('.', '\\.')))
    const firstName = score.json.indicators[0].name
    assert.ok((await page.locator('[data-test=score-tree]').innerText()).includes(firstName))
    // A reason of a leaf that lost points is on the page.
    const lostLeaf = findLostLeaf(score.json.indicators)
    if (lostLeaf && lostLeaf.reasons.length) {
      // Measure names in reasons are shown by their Chinese names.
      assert.ok((await page.locator('[data-test=score-tree]').innerText()).includes(humanizeMeasures(lostLeaf.reasons[0]).slice(0, 12)))
    }
    await shot(page, '05-unit-score-trace')
    await page.getByRole('tab', { name: /失分项/ }).click()
    await page.locator('[data-test=lost-table]').waitFor()
  })

  it('downloads the ranking as xlsx', async () => {
    const page = admin
    await page.goto('/exports')
    await chooseOption(page, page.locator('[data-test=campaign-picker]'), state.demoCampaign.name)
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export-xlsx]').click()])
    assert.match(download.suggestedFilename(), /\.xlsx$/)
    const saved = path.join(files, download.suggestedFilename())
    await download.saveAs(saved)
    const bytes = readFileSync(saved)
    assert.ok(bytes.length > 1000, `xlsx size ${bytes.length}`)
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an xlsx is a zip file')
    assert.ok(bytes.includes(Buffer.from('xl/worksheets/')), 'the zip holds worksheets')
  })

  it('a webmaster sees only their unit and claims a finding fixed', async () => {
    // A second webmaster for another unit, created by the admin through the API.
    // Unit B: a unit other than the first whose demo scan found defects.
    const unitA = state.units[0]
    let unitB = null
    for (const u of state.units.slice(1)) {
      const f = await apiFromPage(admin, 'GET', `/api/units/${u.id}/findings`)
      if (f.json.findings.some((x) => x.state === 'open' || x.state === 'reopened')) { unitB = u; break }
    }
    assert.ok(unitB, 'a second demo unit with open findings')
    const created = await apiFromPage(admin, 'POST', '/api/users', {
      username: 'webmaster-b', display_name: '乙单位网站管理员', password: DEMO_PASSWORD, role: 'webmaster', unit_ids: [unitB.id],
    })
    assert.equal(created.status, 201, JSON.stringify(created.json))
    const wm = await loginPage(browser, server.url, 'webmaster-b')
    assert.match(new URL(wm.url()).pathname, /^\/unit/)
    const menu = await wm.locator('.el-menu-item').allInnerTexts()
    assert.deepEqual(menu, ['总览', '模拟咨询', '单位详情', '整改', '告警', '导出'])
    const units = await apiFromPage(wm, 'GET', '/api/units')
    assert.deepEqual(units.json.units.map((u) => u.id), [unitB.id])
    const other = await apiFromPage(wm, 'GET', `/api/units/${unitA.id}`)
    assert.equal(other.status, 403)
    const otherFindings = await apiFromPage(wm, 'GET', `/api/units/${unitA.id}/findings`)
    assert.equal(otherFindings.status, 403)
    await wm.goto(`/unit/${unitA.id}`)
    await wm.locator('[data-test=unit-error]', { hasText: '没有权限' }).waitFor()
    await wm.goto('/units')
    await wm.waitForURL(/\/unit/)

    await wm.goto('/rectify')
    const findings = await apiFromPage(wm, 'GET', `/api/units/${unitB.id}/findings`)
    const open = findings.json.findings.find((f) => f.state === 'open' || f.state === 'reopened')
    assert.ok(open, 'the demo scan found defects on the webmaster’s site')
    const row = wm.locator('[data-test=rectify-table] .el-table__row', { hasText: open.url }).first()
    await row.locator('[data-test=claim-fixed]').click()
    await field(wm, 'claim-note').fill('已删除失效链接（E2E）')
    await wm.locator('[data-test=claim-submit]').click()
    await wm.locator('.el-message--success', { hasText: '已申报整改' }).waitFor()
    const after = await apiFromPage(wm, 'GET', `/api/findings/${open.id}`)
    assert.equal(after.json.state, 'fixed_claimed')
    assert.equal(after.json.history.at(-1).note, '已删除失效链接（E2E）')
    await shot(wm, '06-webmaster-rectify')

    // 佐证材料: the webmaster uploads a file for their unit; it is listed, stored by content.
    await wm.goto(`/unit/${unitB.id}`)
    await wm.locator('[data-test=unit-name]').waitFor()
    await wm.getByRole('tab', { name: '佐证材料' }).click()
    await field(wm, 'evidence-note').fill('网站年度报表截图（E2E）')
    const png = path.join(files, '年度报表截图.png')
    writeFileSync(png, PNG_1x1)
    await wm.locator('[data-test=evidence-upload-file]').setInputFiles(png)
    await wm.locator('[data-test=evidence-table] .el-table__row', { hasText: '年度报表截图.png' }).waitFor()
    const listed = await apiFromPage(wm, 'GET', `/api/units/${unitB.id}/evidence`)
    const up = listed.json.evidence.find((e) => e.file_name === '年度报表截图.png')
    assert.ok(up, 'the upload is listed for the unit')
    assert.equal(up.note, '网站年度报表截图（E2E）')
    assert.equal(up.uploaded_by, 'webmaster-b')
    assert.equal((await apiFromPage(wm, 'GET', `/api/units/${unitA.id}/evidence`)).status, 403)
    state.unitB = unitB
    state.unitBEvidence = up
  })

  it('shows framework validation errors with line numbers', async () => {
    const page = organiser
    await page.goto('/frameworks')
    await page.locator('[data-test=framework-tree]').waitFor()
    await page.locator('[data-test=framework-tree] .el-tree-node__content').first().click()
    await page.locator('[data-test=indicator-detail] .text-block').first().waitFor()
    await page.locator('[data-test=open-framework-upload]').click()
    const bad = path.join(files, 'broken.yaml')
    writeFileSync(bad, 'schema: govscore.framework/1\nid: broken\ntitle: 错误示例\nobject_kinds: [设区市]\nindicators:\n  - id: a\n    name: 甲\n    weight: abc\n    unknown_key: 1\n')
    await page.locator('[data-test=framework-file]').setInputFiles(bad)
    await page.locator('[data-test=framework-validate]').click()
    await page.locator('[data-test=framework-result]').waitFor()
    assert.match(await page.locator('[data-test=framework-result]').innerText(), /校验未通过/)
    const details = await page.locator('[data-test=error-details]').innerText()
    assert.match(details, /第 \d+ 行/)
  })

  it('a reviewer finishes the queue; the organiser publishes and downloads the exports', async () => {
    const reviewer = state.reviewer
    const cid = state.demoCampaign.id
    // The demo pre-fills most judgments: the ranking already shows real scores.
    const before = await apiFromPage(admin, 'GET', `/api/campaigns/${cid}/progress`)
    assert.ok(before.json.judgments.checked > 100, `demo judgments: ${JSON.stringify(before.json.judgments)}`)
    assert.ok(before.json.judgments.pending >= 1 && before.json.judgments.pending <= 6, `pending: ${before.json.judgments.pending}`)
    await reviewer.goto(`/review?campaign=${cid}`)
    const pending = (await apiFromPage(reviewer, 'GET', `/api/campaigns/${cid}/queue?state=pending`)).json.items
    assert.equal(pending.length, before.json.judgments.pending)
    let sawEvidence = false
    for (const item of pending) {
      await openAndScore(reviewer, item, '已核查（E2E 补评）')
      if (state.unitB && item.unit_id === state.unitB.id && state.unitBEvidence.campaign_id !== undefined &&
          (state.unitBEvidence.campaign_id === null || state.unitBEvidence.campaign_id === cid)) {
        // The webmaster's material is beside the indicator in the workbench.
        await reviewer.locator('[data-test=unit-evidence]', { hasText: '年度报表截图.png' }).waitFor()
        sawEvidence = true
      }
      await reviewer.locator('[data-test=submit-judgment]').click()
      await reviewer.locator('.el-message--success', { hasText: '评分已提交' }).last().waitFor()
      const q = new URLSearchParams({ unit_id: item.unit_id, indicator_id: item.indicator_id, criterion: item.criterion, channel: item.channel })
      const j = await apiFromPage(reviewer, 'GET', `/api/campaigns/${cid}/judgment?${q}`)
      assert.equal(j.json.judgment.state, 'submitted', JSON.stringify(item))
    }
    if (state.unitB && pending.some((i) => i.unit_id === state.unitB.id) &&
        (state.unitBEvidence.campaign_id === null || state.unitBEvidence.campaign_id === cid)) assert.ok(sawEvidence)
    const left = await apiFromPage(reviewer, 'GET', `/api/campaigns/${cid}/queue?state=pending`)
    assert.equal(left.json.items.length, 0)

    // The organiser publishes from the campaign page.
    const page = organiser
    await page.goto(`/campaigns/${cid}`)
    await page.locator('[data-test=campaign-title]').waitFor()
    const progress = await apiFromPage(page, 'GET', `/api/campaigns/${cid}/progress`)
    assert.equal(progress.json.can_publish, true, JSON.stringify(progress.json.blockers))
    await page.locator('[data-test=publish]:not([disabled])').waitFor()
    await page.locator('[data-test=publish]').click()
    await page.locator('.el-popconfirm').getByRole('button', { name: /确定|OK|Yes/ }).click()
    await page.locator('.el-message--success', { hasText: '评估结果已发布' }).waitFor()
    await page.locator('[data-test=campaign-state]', { hasText: '已发布' }).waitFor()
    const ranking = await apiFromPage(page, 'GET', `/api/campaigns/${cid}/ranking`)
    assert.equal(ranking.json.published, true)
    assert.ok(ranking.json.units.every((u) => !u.provisional || u.pending_points < u.max_points / 2))
    await shot(page, '07-campaign-published')

    // Exports of the published sheet: ranking as xlsx and csv, a unit's printable report.
    await page.goto('/exports')
    await chooseOption(page, page.locator('[data-test=campaign-picker]'), state.demoCampaign.name)
    for (const [format, check] of [
      ['xlsx', (b) => b.subarray(0, 2).toString('latin1') === 'PK' && b.includes(Buffer.from('xl/worksheets/'))],
      ['csv', (b) => ranking.json.units.every((u) => b.toString('utf8').includes(u.name))],
    ]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-test=export-${format}]`).click()])
      assert.match(download.suggestedFilename(), new RegExp(`\\.${format}$`))
      const saved = path.join(files, 'published-' + download.suggestedFilename())
      await download.saveAs(saved)
      assert.ok(check(readFileSync(saved)), `${format} export content`)
    }
    const top = ranking.json.units[0]
    await chooseOption(page, page.locator('[data-test=export-unit]'), top.name)
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('[data-test=export-unit-html]').click()])
    await popup.waitForLoadState()
    const html = await popup.content()
    assert.match(html, /<html/i)
    assert.ok(html.includes(top.name), 'the printable report names the unit')
    assert.ok(!html.includes(ranking.json.units.at(-1).name) || ranking.json.units.length === 1, 'only that unit')
    await shot(popup, '08-unit-printable-report')
    await popup.close()
  })

  it('shows the row errors of a bad unit import', async () => {
    const page = organiser
    await page.goto('/units')
    await page.locator('[data-test=units-table] .el-table__row').first().waitFor()
    await page.locator('[data-test=open-import]').click()
    const csv = path.join(files, 'units.csv')
    writeFileSync(csv, '编码,名称,类型,地区,上级编码,网站,新媒体账号\nok1,某市人民政府,设区市,某市,,http://127.0.0.1:1/,\n,缺代码单位,设区市,,,,\n')
    await page.locator('[data-test=import-file]').setInputFiles(csv)
    // The file is previewed row by row before anything is imported.
    await page.locator('[data-test=import-preview]').waitFor()
    const preview = await page.locator('[data-test=import-preview]').innerText()
    assert.match(preview, /第 3 行/)
    assert.match(preview, /不能为空/)
    assert.doesNotMatch(preview, /empty|unknown|column/i, 'row problems are in Chinese')
    assert.ok(await page.locator('[data-test=import-submit]').isDisabled(), 'no import while the preview has problems')
    let units = await apiFromPage(page, 'GET', '/api/units')
    assert.ok(!units.json.units.some((u) => u.code === 'ok1'), 'a bad file imports nothing')
    // The corrected file under the same path (FilePick clears its input, so
    // choosing the same path again previews again): preview, then confirm.
    writeFileSync(csv, '编码,名称,类型,地区,上级编码,网站,新媒体账号\nok1,某市人民政府,设区市,某市,,http://127.0.0.1:1/,\n')
    await page.locator('[data-test=import-file]').setInputFiles(csv)
    await page.locator('[data-test=import-preview-summary]').getByText('校验通过').waitFor()
    units = await apiFromPage(page, 'GET', '/api/units')
    assert.ok(!units.json.units.some((u) => u.code === 'ok1'), 'the preview imports nothing')
    await page.locator('[data-test=import-submit]').click()
    await page.locator('[data-test=import-result]').waitFor()
    units = await apiFromPage(page, 'GET', '/api/units')
    assert.ok(units.json.units.some((u) => u.code === 'ok1'), 'confirmed import stores the unit')
  })

  it('监测与告警: sets a schedule, sees the alert, acknowledges it, downloads a notice', async () => {
    const page = organiser
    // A unit whose website is down (nothing listens on 127.0.0.1:9).
    const created = await apiFromPage(page, 'POST', '/api/units', {
      code: 'down-e2e', name: '停机测试单位', kind: '设区市', websites: ['http://127.0.0.1:9/'],
    })
    assert.equal(created.status, 201, JSON.stringify(created.json))
    const downUnit = created.json

    await page.goto('/monitor')
    await page.getByRole('tab', { name: '监测计划' }).click()
    await page.locator('[data-test=schedule-new]').click()
    await chooseOption(page, page.locator('[data-test=schedule-unit]'), '停机测试单位')
    await chooseOption(page, page.locator('[data-test=schedule-regime-select]'), '日巡检')
    const perDay = field(page, 'schedule-probes')
    await perDay.fill('1440') // a probe a minute: the second failure is an outage
    await perDay.press('Tab')
    await page.locator('[data-test=schedule-save]').click()
    await page.locator('.el-message--success', { hasText: '监测计划已保存' }).waitFor()
    const row = page.locator('[data-test=schedule-table] .el-table__row', { hasText: '停机测试单位' })
    await row.waitFor()
    assert.match(await row.innerText(), /日巡检/)
    assert.match(await row.innerText(), /1440 次/)
    const schedules = await apiFromPage(page, 'GET', '/api/schedules')
    const mine = schedules.json.schedules.find((x) => x.unit_id === downUnit.id)
    assert.ok(mine && mine.regime === 'daily' && mine.probes_per_day === 1440 && mine.enabled)

    // serve's worker loop fires it at once: the probe fails; the alert (the
    // homepage scan finds no dated item, or two failed probes) follows.
    let alert = null
    for (let i = 0; i < 150 && !alert; i++) {
      const r = await apiFromPage(page, 'GET', `/api/alerts?unit_id=${downUnit.id}&open=1`)
      alert = r.json.alerts[0] || null
      if (!alert) await page.waitForTimeout(1000)
    }
    assert.ok(alert, 'an alert for the unit whose site is down')
    const probes = await apiFromPage(page, 'GET', `/api/units/${downUnit.id}/probes?days=1`)
    assert.ok(probes.json.probes.length >= 1 && !probes.json.probes[0].ok, 'the probe failed')

    await page.getByRole('tab', { name: '告警', exact: true }).click()
    await page.locator('[data-test=alert-refresh]').click()
    const alertRow = page.locator('[data-test=alert-table] .el-table__row', { hasText: alert.title }).first()
    await alertRow.waitFor()
    assert.match(await alertRow.innerText(), /停机测试单位/)
    await alertRow.locator('[data-test=alert-ack]').click()
    await alertRow.locator('[data-test=alert-acked]', { hasText: '已确认（organiser）' }).waitFor()
    const acked = await apiFromPage(page, 'GET', `/api/alerts?unit_id=${downUnit.id}`)
    assert.equal(acked.json.alerts.find((a) => a.id === alert.id).acknowledged_by, 'organiser')
    await shot(page, '12-monitor-alerts')

    // The unit's webmaster reads its alerts on 告警, read only; another unit's
    // webmaster sees none of them.
    const wmUser = await apiFromPage(admin, 'POST', '/api/users', {
      username: 'webmaster-down', display_name: '停机单位网站管理员', password: DEMO_PASSWORD, role: 'webmaster', unit_ids: [downUnit.id],
    })
    assert.equal(wmUser.status, 201, JSON.stringify(wmUser.json))
    const wmDown = await loginPage(browser, server.url, 'webmaster-down')
    const wmMenu = await wmDown.locator('.el-menu-item').allInnerTexts()
    assert.ok(wmMenu.includes('告警') && !wmMenu.includes('监测与告警'), `webmaster menu: ${wmMenu}`)
    await wmDown.locator('.el-menu-item', { hasText: '告警' }).click()
    await wmDown.waitForURL(/\/alerts/)
    const myRow = wmDown.locator('[data-test=my-alerts-table] .el-table__row', { hasText: alert.title }).first()
    await myRow.waitFor()
    assert.match(await myRow.innerText(), /停机测试单位/)
    assert.match(await myRow.innerText(), /已确认（organiser）/)
    assert.equal(await wmDown.locator('[data-test=alert-ack]').count(), 0, 'no 确认 for a webmaster')
    await shot(wmDown, '12b-webmaster-alerts')
    const denied = await apiFromPage(wmDown, 'POST', `/api/alerts/${alert.id}/ack`, {})
    assert.equal(denied.status, 403)
    await wmDown.goto('/monitor')
    await wmDown.waitForURL(/\/unit/)
    await wmDown.context().close()
    const wmB = await loginPage(browser, server.url, 'webmaster-b')
    const theirs = await apiFromPage(wmB, 'GET', '/api/alerts')
    assert.equal(theirs.status, 200)
    assert.ok(theirs.json.alerts.every((a) => a.unit_id !== downUnit.id), 'another unit’s alerts are hidden')
    await wmB.context().close()

    // Availability: the unit's failed probes, and its probe history.
    await page.getByRole('tab', { name: '可用性' }).click()
    const avRow = page.locator('[data-test=availability-table] .el-table__row', { hasText: '停机测试单位' })
    await avRow.waitFor()
    assert.match(await avRow.locator('[data-test=availability-ratio]').innerText(), /100\.0%/)
    await avRow.click()
    await page.locator('[data-test=probe-table] .el-table__row', { hasText: '失败' }).first().waitFor()

    // 整改通知 for a demo unit with open findings: issue, then download Word and HTML.
    await page.keyboard.press('Escape')
    await page.getByRole('tab', { name: '整改通知' }).click()
    let noticeUnit = null
    for (const u of state.units) {
      const f = await apiFromPage(page, 'GET', `/api/units/${u.id}/findings`)
      if (f.json.findings.some((x) => x.state === 'open' || x.state === 'reopened')) { noticeUnit = u; break }
    }
    assert.ok(noticeUnit, 'a demo unit with open findings')
    await chooseOption(page, page.locator('[data-test=notice-unit]'), noticeUnit.name)
    const deadline = field(page, 'notice-deadline')
    await deadline.fill('2027-01-15')
    await deadline.press('Enter')
    await page.locator('[data-test=notice-issue]').click()
    await page.locator('.el-message--success', { hasText: '已开具' }).waitFor()
    const noticeRow = page.locator('[data-test=notice-table] .el-table__row').first()
    await noticeRow.waitFor()
    assert.match(await noticeRow.innerText(), /整改〔\d{4}〕\d+号/)
    assert.match(await noticeRow.innerText(), /2027-01-15/)
    const [docx] = await Promise.all([page.waitForEvent('download'), noticeRow.locator('[data-test=notice-docx]').click()])
    assert.match(docx.suggestedFilename(), /\.docx$/)
    const docxPath = path.join(files, docx.suggestedFilename())
    await docx.saveAs(docxPath)
    const docxBytes = readFileSync(docxPath)
    assert.equal(docxBytes.subarray(0, 2).toString('latin1'), 'PK', 'a docx is a zip file')
    assert.ok(docxBytes.includes(Buffer.from('word/document.xml')), 'the zip holds the Word document')
    const [html] = await Promise.all([page.waitForEvent('download'), noticeRow.locator('[data-test=notice-html]').click()])
    const htmlPath = path.join(files, html.suggestedFilename())
    await html.saveAs(htmlPath)
    const text = readFileSync(htmlPath, 'utf8')
    assert.match(text, /整改通知/)
    assert.ok(text.includes(noticeUnit.name), 'the notice names the unit')
    await shot(page, '13-monitor-notice')

    // The webhook is set in the UI and stored for every worker.
    await page.getByRole('tab', { name: '告警推送' }).click()
    await field(page, 'webhook-url').fill('http://127.0.0.1:9/govscore-hook')
    await page.locator('[data-test=webhook-save]').click()
    await page.locator('[data-test=webhook-current]', { hasText: 'http://127.0.0.1:9/govscore-hook' }).waitFor()
    const hook = await apiFromPage(page, 'GET', '/api/settings/webhook')
    assert.equal(hook.json.source, 'setting')
    await field(page, 'webhook-url').fill('')
    await page.locator('[data-test=webhook-save]').click()
    await page.locator('[data-test=webhook-current]', { hasText: '不推送' }).waitFor()

    // Disable the schedule in the UI.
    await page.getByRole('tab', { name: '监测计划' }).click()
    await row.locator('[data-test=schedule-enabled]').click()
    await page.locator('.el-message--success', { hasText: '已停用' }).waitFor()
    const after = await apiFromPage(page, 'GET', '/api/schedules')
    assert.equal(after.json.schedules.find((x) => x.id === mine.id).enabled, false)
  })

  it('模拟咨询: an organiser records one, the reviewer judges it, the webmaster reads it; 采纳 a proposal', async () => {
    const cid = state.campaignId
    const camp = (await apiFromPage(admin, 'GET', `/api/campaigns/${cid}`)).json
    const org = await loginPage(browser, server.url, 'organiser')
    const wm = await loginPage(browser, server.url, 'webmaster')
    const wmUnit = (await apiFromPage(wm, 'GET', '/api/auth/me')).json.user.unit_ids[0]
    assert.ok(camp.unit_ids.includes(wmUnit), 'the E2E campaign holds the webmaster’s unit')
    const unit = state.units.find((u) => u.id === wmUnit)

    // The organiser records a consultation in the dialog: Friday → Tuesday over 端午节 2024.
    await org.goto('/consultations')
    await chooseOption(org, org.locator('[data-test=campaign-picker]'), 'E2E 测试任务')
    await org.locator('[data-test=consult-add]').click()
    await chooseOption(org, org.locator('[data-test=consult-unit]'), unit.name)
    const asked = field(org, 'consult-asked')
    await asked.fill('2024-06-07 10:00')
    await asked.press('Enter')
    await field(org, 'consult-question').fill('办理居住证需要哪些材料？（E2E）')
    const replied = field(org, 'consult-replied')
    await replied.fill('2024-06-11 09:00')
    await replied.press('Enter')
    await field(org, 'consult-answer').fill('需要身份证和居住证明。')
    await org.locator('[data-test=consult-save]').click()
    await org.locator('.el-message--success', { hasText: '已保存' }).waitFor()
    const row = org.locator('[data-test=consult-table] .el-table__row', { hasText: '办理居住证需要哪些材料？（E2E）' })
    await row.waitFor()
    assert.match(await row.innerText(), /1 个工作日/)
    assert.match(await row.innerText(), /未评判/)
    await shot(org, '14-consultations')
    const list = await apiFromPage(org, 'GET', `/api/campaigns/${cid}/consultations`)
    const rec = list.json.consultations.find((c) => c.question === '办理居住证需要哪些材料？（E2E）')
    assert.equal(rec.reply_workdays, 1)
    assert.equal(rec.asked_at, '2024-06-07 10:00')
    assert.equal(rec.replied_at, '2024-06-11 09:00')

    // The reviewer of the unit judges the answer.
    const rv = await loginPage(browser, server.url, 'reviewer')
    await rv.goto('/consultations')
    await chooseOption(rv, rv.locator('[data-test=campaign-picker]'), 'E2E 测试任务')
    const rvRow = rv.locator('[data-test=consult-table] .el-table__row', { hasText: '办理居住证需要哪些材料？（E2E）' })
    await rvRow.locator('[data-test=consult-review-open]').click()
    await rv.locator('[data-test=consult-accurate] .el-radio', { hasText: '准确' }).first().click()
    await rv.locator('[data-test=consult-evasive] .el-radio', { hasText: '否' }).click()
    await field(rv, 'consult-review-note').fill('答复准确完整（E2E）')
    await rv.locator('[data-test=consult-review-save]').click()
    await rv.locator('.el-message--success', { hasText: '评判已保存' }).waitFor()
    await rvRow.locator('[data-test=consult-review]', { hasText: '准确' }).waitFor()
    assert.equal(await rv.locator('[data-test=consult-add]').count(), 0, 'a reviewer records nothing')

    // The webmaster reads the unit's record, with the verdict, and cannot write.
    await wm.goto('/consultations')
    await chooseOption(wm, wm.locator('[data-test=campaign-picker]'), 'E2E 测试任务')
    const wmRow = wm.locator('[data-test=consult-table] .el-table__row', { hasText: '办理居住证需要哪些材料？（E2E）' })
    await wmRow.locator('[data-test=consult-review]', { hasText: '准确' }).waitFor()
    assert.equal(await wm.locator('[data-test=consult-add]').count(), 0)
    assert.equal(await wm.locator('[data-test=consult-review-open]').count(), 0)
    const denied = await apiFromPage(wm, 'POST', `/api/consultations/${rec.id}/review`, { accurate: false })
    assert.equal(denied.status, 403)
    const audit = await apiFromPage(admin, 'GET', '/api/audit?entity=consultation')
    assert.deepEqual(audit.json.entries.slice(0, 2).map((e) => e.action), ['consultation.review', 'consultation.create'])

    // 采纳: a slot the scanned measures propose a value for, adopted in the workbench.
    const queue = (await apiFromPage(rv, 'GET', `/api/campaigns/${cid}/queue?state=pending`)).json.items
    const item = queue.find((i) => i.proposal)
    assert.ok(item, 'the scanned E2E campaign has a proposal in the queue')
    await rv.goto(`/review?campaign=${cid}`)
    await rv.locator('[data-test=review-queue] .el-table__row')
      .filter({ hasText: item.unit_name }).filter({ hasText: item.indicator_name })
      .filter({ hasText: (item.criterion_text || item.indicator_name).slice(0, 24) }).first().click()
    await rv.locator('[data-test=proposal]').waitFor()
    await shot(rv, '15-review-proposal')
    await rv.locator('[data-test=adopt-proposal]').click()
    await rv.locator('.el-message--success', { hasText: '已采纳系统建议' }).waitFor()
    const q = new URLSearchParams({ unit_id: item.unit_id, indicator_id: item.indicator_id, criterion: item.criterion, channel: item.channel })
    const j = (await apiFromPage(rv, 'GET', `/api/campaigns/${cid}/judgment?${q}`)).json
    assert.equal(j.judgment.state, 'submitted')
    assert.deepEqual(j.judgment.value, item.proposal.value)
    assert.match(j.judgment.note, /采纳系统建议/)
    for (const p of [org, wm, rv]) await p.context().close()
  })
})

// Opens a queue item in the reviewer workbench and fills value and note.
async function openAndScore(reviewer, item, note) {
  await reviewer.locator('[data-test=review-queue] .el-table__row')
    .filter({ hasText: item.unit_name }).filter({ hasText: item.indicator_name })
    .filter({ hasText: (item.criterion_text || item.indicator_name).slice(0, 24) }).first().click()
  await reviewer.locator('[data-test=review-form]', { hasText: item.indicator_name }).waitFor()
  if (item.input === 'met') await reviewer.locator('[data-test=judgment-met] .el-radio', { hasText: '符合' }).first().click()
  else if (item.input === 'yes_no') await reviewer.locator('[data-test=judgment-yesno] .el-radio', { hasText: '否' }).click()
  else {
    const input = field(reviewer, 'judgment-number')
    await input.fill(String(item.input === 'points' && item.max != null ? Math.min(1, item.max) : 1))
    await input.press('Tab')
  }
  await field(reviewer, 'judgment-note').fill(note)
}

function findLostLeaf(nodes) {
  for (const n of nodes || []) {
    if (n.children && n.children.length) {
      const f = findLostLeaf(n.children)
      if (f) return f
    } else if (n.lost > 0) return n
  }
  return null
}
