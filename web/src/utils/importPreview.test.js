import { describe, expect, it } from 'vitest'
import { problemsOutsideRows, useImportPreview } from './importPreview.js'

describe('import preview', () => {
  it('keeps only the problems no row shows', () => {
    const preview = {
      rows: [{ line: 2, problems: [] }, { line: 3, problems: [{ line: 3 }] }],
      details: [{ line: 1, message: '缺少必填列' }, { line: 3, message: '不能为空' }, { line: 9, message: '超过' }],
    }
    expect(problemsOutsideRows(preview).map((d) => d.line)).toEqual([1, 9])
  })

  it('previews a chosen file, then imports it and reports refused rows', async () => {
    const calls = []
    let done = null
    const state = useImportPreview(async (file, dryRun) => {
      calls.push([file.name, dryRun])
      if (dryRun) return { ok: true, rows: [{ line: 2, problems: [] }], details: [] }
      const e = new Error('invalid')
      e.code = 'invalid'
      e.details = [{ line: 2, message: '答复时间早于提问时间' }]
      throw e
    }, (r) => { done = r })
    state.onFile({ target: { files: [{ name: 'c.csv' }] } })
    await new Promise((r) => setTimeout(r, 0))
    expect(state.preview.value.ok).toBe(true)
    expect(state.rowClass({ row: { problems: [1] } })).toBe('row-error')
    await state.runImport()
    expect(calls).toEqual([['c.csv', true], ['c.csv', false]])
    expect(done).toBe(null)
    expect(state.error.value).toBe('导入文件有 1 处问题，未导入任何数据：')
    expect(state.details.value).toHaveLength(1)
  })
})
