// The HTTP client of the web UI, written against docs/api.md.
//
// Contract:
// - Every call goes to the same origin under /api/ with the session cookie
//   (govscore_session, HttpOnly) sent by the browser.
// - Every non-GET/HEAD request carries X-CSRF-Token; the token comes from the
//   login answer or /api/auth/me and is kept here (setCsrfToken), with the
//   readable govscore_csrf cookie as a fallback.
// - A non-2xx answer throws ApiError with the server's {error:{code,message,where,details}};
//   a body that is not the error JSON still gives an ApiError with a Chinese message.
// - 401 calls the handler set with onUnauthenticated (the router sends the user to 登录).

export class ApiError extends Error {
  constructor(status, code, message, where = '', details = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.where = where
    this.details = details
  }
}

let csrfToken = ''
let unauthenticatedHandler = null

export function setCsrfToken(token) {
  csrfToken = token || ''
}

export function getCsrfToken() {
  if (csrfToken) return csrfToken
  if (typeof document !== 'undefined' && document.cookie) {
    const m = document.cookie.match(/(?:^|;\s*)govscore_csrf=([^;]*)/)
    if (m) return decodeURIComponent(m[1])
  }
  return ''
}

export function onUnauthenticated(handler) {
  unauthenticatedHandler = handler
}

// Builds "/api/path?k=v" leaving out null, undefined and '' values.
export function buildUrl(path, query) {
  let url = path.startsWith('/api/') ? path : '/api' + (path.startsWith('/') ? '' : '/') + path
  if (query) {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === null || v === undefined || v === '') continue
      params.append(k, String(v))
    }
    const s = params.toString()
    if (s) url += '?' + s
  }
  return url
}

const STATUS_MESSAGES = {
  400: '请求有误',
  401: '未登录或登录已过期',
  403: '没有权限',
  404: '没有找到',
  409: '操作与当前状态冲突',
  413: '文件过大',
  415: '不支持的文件类型',
  422: '内容校验未通过',
  429: '尝试过于频繁，请稍后再试',
  500: '服务器内部错误',
  501: '该功能尚未实现',
}

// Turns a fetch Response that is not ok into an ApiError.
export async function errorFromResponse(res) {
  let body = null
  try {
    body = await res.json()
  } catch {
    body = null
  }
  const e = body && body.error
  if (e && typeof e === 'object') {
    return new ApiError(res.status, e.code || 'error', e.message || STATUS_MESSAGES[res.status] || '请求失败',
      e.where || '', Array.isArray(e.details) ? e.details : Array.isArray(body.details) ? body.details : [])
  }
  return new ApiError(res.status, 'http_' + res.status, STATUS_MESSAGES[res.status] || `请求失败（HTTP ${res.status}）`)
}

// request(method, path, {query, json, form}) → parsed JSON (or null for 204 / empty body).
// `form` is a FormData (multipart upload); `json` any JSON value.
export async function request(method, path, { query, json, form, fetchImpl } = {}) {
  const doFetch = fetchImpl || globalThis.fetch
  const headers = { Accept: 'application/json' }
  let body
  if (form !== undefined) {
    body = form
  } else if (json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(json)
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const t = getCsrfToken()
    if (t) headers['X-CSRF-Token'] = t
  }
  let res
  try {
    res = await doFetch(buildUrl(path, query), { method, headers, body, credentials: 'same-origin' })
  } catch (err) {
    throw new ApiError(0, 'network', '无法连接服务器：' + (err && err.message ? err.message : String(err)))
  }
  if (!res.ok) {
    const err = await errorFromResponse(res)
    if (res.status === 401 && unauthenticatedHandler && !path.includes('/auth/')) unauthenticatedHandler(err)
    throw err
  }
  if (res.status === 204) return null
  const type = res.headers.get('Content-Type') || ''
  if (type.includes('application/json')) return res.json()
  return res.text()
}

export const get = (path, query) => request('GET', path, { query })
export const post = (path, json, query) => request('POST', path, { json: json ?? {}, query })
export const put = (path, json) => request('PUT', path, { json })
export const patch = (path, json) => request('PATCH', path, { json })
export const del = (path) => request('DELETE', path)
export const upload = (path, form) => request('POST', path, { form })

// A human-readable one-line message for an error (for ElMessage).
// `where` is shown only when it helps a user (a file:line, or Chinese text);
// technical locations ("unit 42", field names) stay in the error object.
export function errorText(err) {
  if (!err) return '未知错误'
  if (err instanceof ApiError) {
    const helpful = err.where && (/[\u4e00-\u9fff]/.test(err.where) || /:\d+$/.test(err.where))
    return helpful ? `${err.message}（${err.where}）` : err.message
  }
  return err.message || String(err)
}
