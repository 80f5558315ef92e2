import { describe, it, expect } from 'vitest'
import { formatPoints, formatTime, menuFor, mayOpen, lostPoints, histogram, scanPercent, judgmentValue,
  rawFromJudgmentValue, judgmentValueText, keyTree, bandTagType, findingKindName,
  regimeName, formatRatio, availabilityTagType, validWebhookUrl } from './format.js'

describe('formatPoints', () => {
  it('rounds to 2 decimals without trailing zeros', () => {
    expect(formatPoints(98.7949)).toBe('98.79')
    expect(formatPoints(35)).toBe('35')
    expect(formatPoints(-0.001)).toBe('0')
    expect(formatPoints(null)).toBe('—')
  })
})

describe('formatTime', () => {
  it('shows China time', () => {
    expect(formatTime(Date.UTC(2026, 10, 22, 16, 5))).toBe('2026-11-23 00:05')
    expect(formatTime(null)).toBe('—')
  })
})

describe('role menus', () => {
  it('gives each role its pages', () => {
    const titles = (r) => menuFor(r).map((m) => m.title)
    expect(titles('admin')).toContain('用户管理')
    expect(titles('organiser')).not.toContain('用户管理')
    expect(titles('webmaster')).toEqual(['总览', '模拟咨询', '单位详情', '整改', '告警', '导出'])
    expect(titles('reviewer')).toContain('告警')
    expect(titles('organiser')).not.toContain('告警') // 监测与告警 instead
    expect(mayOpen('webmaster', '/alerts')).toBe(true)
    expect(mayOpen('webmaster', '/monitor')).toBe(false)
    expect(mayOpen('organiser', '/alerts')).toBe(false)
    expect(titles('reviewer')).toContain('模拟咨询')
    expect(titles('reviewer')).toContain('人工评分')
    expect(titles('reviewer')).not.toContain('评估对象')
  })
  it('guards routes by their first segment', () => {
    expect(mayOpen('webmaster', '/units')).toBe(false)
    expect(mayOpen('webmaster', '/unit/3')).toBe(true)
    expect(mayOpen('reviewer', '/campaigns/2')).toBe(true)
    expect(mayOpen('reviewer', '/users')).toBe(false)
    expect(mayOpen('admin', '/login')).toBe(true)
    expect(mayOpen('organiser', '/monitor')).toBe(true)
    expect(mayOpen('reviewer', '/monitor')).toBe(false)
    expect(mayOpen('webmaster', '/monitor')).toBe(false)
  })
})

const tree = [
  { id: 'a', name: '信息发布', weight: 40, points: 30, lost: 10, children: [
    { id: 'a1', name: '政务动态', weight: 20, points: 12, lost: 8, reasons: ['更新不及时'], evidence: ['http://x/'] },
    { id: 'a2', name: '通知公告', weight: 20, points: 18, lost: 2, reasons: ['r'] },
  ] },
  { id: 'b', name: '办事服务', weight: 60, points: 60, lost: 0, children: [] },
]

describe('lostPoints', () => {
  it('lists leaves that lost points, largest first, with their path', () => {
    const l = lostPoints(tree)
    expect(l.map((x) => x.id)).toEqual(['a1', 'a2'])
    expect(l[0].path).toBe('信息发布 / 政务动态')
    expect(l[0].evidence).toEqual(['http://x/'])
  })
})

describe('keyTree', () => {
  it('gives unique keys and drops empty children', () => {
    const k = keyTree(tree)
    expect(k[0].children[1].key).toBe('a/a2')
    expect(k[1].children).toBeUndefined()
  })
})

describe('histogram', () => {
  it('bins scores, the maximum into the last bin', () => {
    const h = histogram([5, 95, 100, 55, null], 10, 100)
    expect(h).toHaveLength(10)
    expect(h[0].count).toBe(1)
    expect(h[5].count).toBe(1)
    expect(h[9].count).toBe(2)
  })
})

describe('scanPercent', () => {
  it('counts finished scans', () => {
    expect(scanPercent({ total: 4, done: 2, failed: 1, cancelled: 0 })).toBe(75)
    expect(scanPercent({ total: 0 })).toBe(0)
  })
})

describe('judgment values', () => {
  it('round-trips each input kind', () => {
    for (const [input, raw] of [['met', 'met'], ['yes_no', 'no'], ['percent', 60], ['points', 3.5], ['count', 2]]) {
      expect(rawFromJudgmentValue(judgmentValue(input, raw))).toBe(raw)
    }
    expect(judgmentValue('points', '3.5')).toEqual({ points: 3.5 })
    expect(judgmentValueText({ value: 'met' })).toBe('符合')
    expect(judgmentValueText(judgmentValue('confirm', 'confirm'))).toBe('确认系统填入的数值')
    expect(judgmentValueText({ percent: 60 })).toBe('60%')
  })
})

describe('tags and names', () => {
  it('maps bands and finding kinds', () => {
    expect(bandTagType('优秀')).toBe('success')
    expect(bandTagType('低')).toBe('danger')
    expect(findingKindName('link:http_4xx')).toBe('链接错误（4xx）')
    expect(findingKindName('link:weird')).toBe('链接问题（weird）')
    expect(findingKindName('broken_link')).toBe('失效链接')
  })
})

describe('monitoring helpers', () => {
  it('names regimes, formats failure ratios at the 5% veto line, checks webhooks', () => {
    expect(regimeName('daily')).toBe('日巡检')
    expect(regimeName('quarterly')).toBe('季普查')
    expect(regimeName('hourly')).toBe('hourly')
    expect(formatRatio(0.05)).toBe('5.0%')
    expect(formatRatio(1 / 21)).toBe('4.8%')
    expect(formatRatio(null)).toBe('—')
    expect(availabilityTagType(0.05)).toBe('danger')
    expect(availabilityTagType(0.049)).toBe('warning')
    expect(availabilityTagType(0)).toBe('success')
    expect(availabilityTagType(null)).toBe('info')
    expect(validWebhookUrl('')).toBe(true)
    expect(validWebhookUrl('https://hooks.example.gov.cn/a?b=1')).toBe(true)
    expect(validWebhookUrl('javascript:alert(1)')).toBe(false)
    expect(validWebhookUrl('http:// x')).toBe(false)
  })
})
