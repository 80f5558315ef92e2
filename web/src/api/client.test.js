import { describe, it, expect, beforeEach } from 'vitest'
import { ApiError, buildUrl, request, setCsrfToken, errorText } from './client.js'

function fakeFetch(status, body, headers = { 'Content-Type': 'application/json' }) {
  const calls = []
  const fn = async (url, init) => {
    calls.push({ url, init })
    return {
      ok: status >= 200 && status < 300,
      status,
      headers: { get: (k) => headers[k] || headers[k.toLowerCase()] || null },
      json: async () => (typeof body === 'string' ? JSON.parse(body) : body),
      text: async () => (typeof body === 'string' ? body : JSON.stringify(body)),
    }
  }
  fn.calls = calls
  return fn
}

describe('buildUrl', () => {
  it('prefixes /api and drops empty query values', () => {
    expect(buildUrl('/units', { kind: '设区市', a: '', b: null, c: undefined, n: 0 })).toBe(
      '/api/units?kind=%E8%AE%BE%E5%8C%BA%E5%B8%82&n=0')
    expect(buildUrl('/api/health')).toBe('/api/health')
    expect(buildUrl('campaigns/1/export', { format: 'xlsx', unit_id: 3 })).toBe('/api/campaigns/1/export?format=xlsx&unit_id=3')
  })
})

describe('request', () => {
  beforeEach(() => setCsrfToken(''))

  it('sends JSON with the CSRF header on writes only', async () => {
    setCsrfToken('tok123')
    const f = fakeFetch(200, { ok: true })
    await request('POST', '/units', { json: { code: 'a' }, fetchImpl: f })
    await request('GET', '/units', { fetchImpl: f })
    expect(f.calls[0].init.headers['X-CSRF-Token']).toBe('tok123')
    expect(f.calls[0].init.headers['Content-Type']).toBe('application/json')
    expect(f.calls[0].init.body).toBe('{"code":"a"}')
    expect(f.calls[1].init.headers['X-CSRF-Token']).toBeUndefined()
  })

  it('throws ApiError carrying the server error and 422 details', async () => {
    const f = fakeFetch(422, { error: { code: 'invalid', message: '导入文件有错误', where: 'units.csv',
      details: [{ line: 3, severity: 'error', message: '缺少名称' }] } })
    const err = await request('POST', '/units/import', { form: {}, fetchImpl: f }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(422)
    expect(err.code).toBe('invalid')
    expect(err.details).toHaveLength(1)
    expect(err.details[0].line).toBe(3)
    // A bare technical location is not shown to the user; a file:line or Chinese one is.
    expect(errorText(err)).toBe('导入文件有错误')
    expect(errorText(new ApiError(422, 'invalid', '指标体系文件有错误', 'x.yaml:12'))).toBe('指标体系文件有错误（x.yaml:12）')
    expect(errorText(new ApiError(403, 'forbidden', '无权访问该评估对象', 'unit 42'))).toBe('无权访问该评估对象')
    expect(errorText(new ApiError(400, 'bad_request', '输入有误', '第 3 行'))).toBe('输入有误（第 3 行）')
  })

  it('gives a Chinese message when the body is not the error JSON', async () => {
    const f = fakeFetch(502, 'not json', { 'Content-Type': 'text/plain' })
    const err = await request('GET', '/units', { fetchImpl: f }).catch((e) => e)
    expect(err.status).toBe(502)
    expect(err.message).toContain('502')
  })

  it('returns null for 204 and text for non-JSON answers', async () => {
    expect(await request('DELETE', '/units/1', { fetchImpl: fakeFetch(204, '') })).toBeNull()
    expect(await request('GET', '/framework-versions/1/yaml', { fetchImpl: fakeFetch(200, 'id: x', { 'Content-Type': 'text/yaml' }) })).toBe('id: x')
  })

  it('maps a network failure to ApiError network', async () => {
    const err = await request('GET', '/units', { fetchImpl: async () => { throw new Error('refused') } }).catch((e) => e)
    expect(err.code).toBe('network')
    expect(err.message).toContain('refused')
  })
})
