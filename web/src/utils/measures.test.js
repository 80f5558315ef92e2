import { describe, it, expect } from 'vitest'
import { measureLabel, humanizeMeasures } from './measures.js'

describe('measureLabel', () => {
  it('names documented measures in Chinese', () => {
    expect(measureLabel('links.broken')).toBe('失效链接数')
    expect(measureLabel('footer.icp')).toBe('ICP备案号')
    expect(measureLabel('column.通知公告.newest')).toBe('栏目“通知公告”最新信息日期')
    expect(measureLabel('category.政务动态.per_workday')).toBe('栏目类别“政务动态”每工作日更新条数')
    expect(measureLabel('channel.政务微博.original_percent')).toBe('政务微博原创比例（%）')
  })
  it('leaves unknown names as they are', () => {
    expect(measureLabel('import.something')).toBe('import.something')
    expect(measureLabel('')).toBe('')
  })
})

describe('humanizeMeasures', () => {
  it('replaces measure names inside reasons and traces', () => {
    expect(humanizeMeasures('links.broken = 3，超过 2（−1分）')).toBe('失效链接数 = 3，超过 2（−1分）')
    expect(humanizeMeasures('缺少测量值 footer.site_code')).toBe('缺少测量值 网站标识码')
    expect(humanizeMeasures('column.通知公告.days_since_update = 40')).toBe('栏目“通知公告”距上次更新天数 = 40')
  })
  it('does not touch URLs, unknown names or other values', () => {
    expect(humanizeMeasures('见 http://x.gov.cn/site.html')).toBe('见 http://x.gov.cn/site.html')
    expect(humanizeMeasures('site.unknown_thing = 1')).toBe('site.unknown_thing = 1')
    expect(humanizeMeasures(null)).toBe(null)
    expect(humanizeMeasures('人工评分：未达到')).toBe('人工评分：未达到')
  })
})
