// Pure helpers shared by the pages (unit-tested in format.test.js).

export const ROLE_NAMES = {
  admin: '系统管理员',
  organiser: '评估组织者',
  reviewer: '评审专家',
  webmaster: '单位网站管理员',
}

export const CAMPAIGN_STATES = {
  draft: '草稿',
  collecting: '数据采集中',
  reviewing: '评审中',
  published: '已发布',
  archived: '已归档',
}

export const SCAN_STATES = {
  queued: '排队中',
  running: '监测中',
  done: '已完成',
  failed: '失败',
  cancelled: '已取消',
}

export const JUDGMENT_STATES = {
  pending: '待评分',
  proposed: '待确认',
  draft: '草稿',
  submitted: '已提交',
  checked: '已复核',
}

export const FINDING_STATES = {
  open: '待整改',
  fixed_claimed: '已申报整改',
  confirmed_fixed: '已确认整改',
  reopened: '重新出现',
}

export const INDICATOR_STATUS = {
  scored: '已评分',
  pending: '待评',
  partly_pending: '部分待评',
  not_applicable: '不适用',
  not_sampled: '未抽中',
}

// Chinese names of the framework rule types (docs/framework-format.md §4).
export const RULE_NAMES = {
  criteria: '分项达标（按比例计分）',
  pass_fail: '达标即得分',
  tiers: '分档计分',
  increments: '递增计分（起点与上限）',
  deductions: '按次扣分（有上限）',
  bonuses: '按次加分（有上限）',
  ratio: '比例计分',
  average: '分期平均',
  benchmark: '标杆法赋分',
  response_time: '答复时限（工作日）',
  deadline: '截止日期',
  judgment: '人工评分',
  channels: '分渠道加权',
  sum: '子项合计',
}

// The next states an organiser may move a campaign to (docs/api.md).
export const CAMPAIGN_TRANSITIONS = {
  draft: ['collecting'],
  collecting: ['reviewing'],
  reviewing: ['collecting', 'published'],
  published: ['reviewing', 'archived'],
  archived: [],
}

// Points with at most 2 decimals, without trailing zeros; '—' for null.
export function formatPoints(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—'
  const r = Math.round(Number(v) * 100) / 100
  return String(Object.is(r, -0) ? 0 : r)
}

// Milliseconds since the epoch → "YYYY-MM-DD HH:mm" in China time (UTC+8).
export function formatTime(ms) {
  if (ms === null || ms === undefined) return '—'
  const d = new Date(Number(ms) + 8 * 3600 * 1000)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

// Element Plus tag type for a band label or list name.
export function bandTagType(band) {
  if (!band) return 'info'
  if (/优秀|非常高|优/.test(band)) return 'success'
  if (/良好|高|良/.test(band)) return 'primary'
  if (/中|合格|一般/.test(band)) return 'warning'
  return 'danger'
}

export function listTagType(name) {
  if (/红/.test(name)) return 'danger'
  if (/黑/.test(name)) return 'info'
  return 'warning'
}

// The side menu for a role. Each entry: {path, title, icon}. The order is the menu's.
const MENU = [
  { path: '/overview', title: '总览', icon: 'DataAnalysis', roles: ['admin', 'organiser', 'reviewer', 'webmaster'] },
  { path: '/units', title: '评估对象', icon: 'OfficeBuilding', roles: ['admin', 'organiser'] },
  { path: '/frameworks', title: '指标体系', icon: 'Files', roles: ['admin', 'organiser', 'reviewer'] },
  { path: '/campaigns', title: '评估任务', icon: 'Flag', roles: ['admin', 'organiser', 'reviewer'] },
  { path: '/review', title: '人工评分', icon: 'EditPen', roles: ['admin', 'organiser', 'reviewer'] },
  { path: '/consultations', title: '模拟咨询', icon: 'ChatDotRound', roles: ['admin', 'organiser', 'reviewer', 'webmaster'] },
  { path: '/unit', title: '单位详情', icon: 'Document', roles: ['admin', 'organiser', 'reviewer', 'webmaster'] },
  { path: '/rectify', title: '整改', icon: 'Tools', roles: ['admin', 'organiser', 'webmaster'] },
  { path: '/monitor', title: '监测与告警', icon: 'Bell', roles: ['admin', 'organiser'] },
  { path: '/alerts', title: '告警', icon: 'Bell', roles: ['reviewer', 'webmaster'] },
  { path: '/exports', title: '导出', icon: 'Download', roles: ['admin', 'organiser', 'reviewer', 'webmaster'] },
  { path: '/audit', title: '操作日志', icon: 'Tickets', roles: ['admin', 'organiser'] },
  { path: '/users', title: '用户管理', icon: 'User', roles: ['admin'] },
]

export function menuFor(role) {
  return MENU.filter((m) => m.roles.includes(role)).map(({ path, title, icon }) => ({ path, title, icon }))
}

// Whether a role may open a route path (the first segment decides).
export function mayOpen(role, path) {
  if (path === '/' || path === '/login') return true
  const first = '/' + (path.split('/')[1] || '')
  const entry = MENU.find((m) => m.path === first)
  return entry ? entry.roles.includes(role) : true
}

// Walks an indicator tree depth first; fn(node, depth, parents).
export function walkTree(nodes, fn, depth = 0, parents = []) {
  for (const n of nodes || []) {
    fn(n, depth, parents)
    walkTree(n.children, fn, depth + 1, [...parents, n])
  }
}

// Leaves of a score tree that lost points, largest loss first:
// [{id, name, path, lost, weight, points, reasons, evidence}].
export function lostPoints(indicators) {
  const out = []
  walkTree(indicators, (n, _d, parents) => {
    if ((n.children && n.children.length) || !(n.lost > 0)) return
    out.push({
      id: n.id,
      name: n.name,
      path: [...parents.map((p) => p.name), n.name].join(' / '),
      lost: n.lost,
      weight: n.weight,
      points: n.points,
      reasons: n.reasons || [],
      evidence: n.evidence || [],
    })
  })
  out.sort((a, b) => b.lost - a.lost || a.path.localeCompare(b.path))
  return out
}

// Adds a stable `key` to every node (el-table tree rows need unique keys).
export function keyTree(nodes, prefix = '') {
  return (nodes || []).map((n, i) => {
    const key = prefix + (n.id ?? i)
    return { ...n, key, children: n.children && n.children.length ? keyTree(n.children, key + '/') : undefined }
  })
}

// Counts scores into bins of `width` from 0 to max (inclusive of the max in the last bin).
export function histogram(values, width = 10, max = 100) {
  const n = Math.max(1, Math.ceil(max / width))
  const bins = Array.from({ length: n }, (_, i) => ({ from: i * width, to: (i + 1) * width, count: 0 }))
  for (const v of values) {
    if (v === null || v === undefined || Number.isNaN(v)) continue
    let i = Math.floor(v / width)
    if (i >= n) i = n - 1
    if (i < 0) i = 0
    bins[i].count++
  }
  return bins
}

// Percent done of a Progress.scans object (0–100, integer).
export function scanPercent(scans) {
  if (!scans || !scans.total) return 0
  const finished = (scans.done || 0) + (scans.failed || 0) + (scans.cancelled || 0)
  return Math.round((finished * 100) / scans.total)
}

// A judgment value object for the queue item's input kind from the form's raw value.
export function judgmentValue(input, raw) {
  switch (input) {
    case 'met':
      return { value: raw }
    case 'yes_no':
      return { value: raw }
    case 'percent':
      return { percent: Number(raw) }
    case 'points':
      return { points: Number(raw) }
    case 'count':
      return { count: Number(raw) }
    default:
      return { value: raw }
  }
}

// The raw form value back from a stored judgment value.
export function rawFromJudgmentValue(value) {
  if (!value) return null
  if ('percent' in value) return value.percent
  if ('points' in value) return value.points
  if ('count' in value) return value.count
  if ('value' in value) return value.value
  return null
}

// Human text of a judgment value.
export function judgmentValueText(value) {
  if (!value) return '—'
  if (value.na) return '不适用'
  if ('percent' in value) return `${value.percent}%`
  if ('points' in value) return `${formatPoints(value.points)} 分`
  if ('count' in value) return `${value.count} 次`
  const labels = { met: '符合', unmet: '不符合', partly: '部分符合', yes: '是', no: '否', true: '是', false: '否', confirm: '确认系统填入的数值' }
  return labels[String(value.value)] ?? String(value.value)
}

// Chinese name of a finding kind ("link:http_4xx" → "链接错误（4xx）").
const FINDING_KIND_NAMES = {
  broken_link: '失效链接',
  empty_column: '空白栏目',
  stale_column: '栏目未按时更新',
  personal_data: '个人信息泄露',
  page_limit_refusals: '页面拒绝访问',
  'link:http_4xx': '链接错误（4xx）',
  'link:http_5xx': '链接错误（5xx）',
  'link:timeout': '链接超时',
  'link:dns': '域名无法解析',
  'link:connect': '无法连接',
  'link:soft_404': '软 404 页面',
  'link:redirect_loop': '重定向循环',
  'link:blocked': '外部链接（未检测）',
  'column:empty': '空白栏目',
  'column:stale': '栏目应更新未更新',
  'footer:missing': '页脚标识缺失',
  'privacy:id_number': '泄露身份证号',
  'privacy:phone': '泄露手机号',
}

export function findingKindName(kind) {
  if (!kind) return '—'
  if (FINDING_KIND_NAMES[kind]) return FINDING_KIND_NAMES[kind]
  const prefix = kind.split(':')[0]
  const group = { link: '链接问题', column: '栏目问题', footer: '页脚标识', privacy: '个人信息', page: '页面问题', tls: '安全证书' }[prefix]
  return group ? `${group}（${kind.split(':').slice(1).join(':')}）` : kind
}

// ---- continuous monitoring (监测与告警) ----

// The progressive regime (docs/monitoring.md), in menu order.
export const REGIMES = [
  { value: 'daily', name: '日巡检', hint: '每天多次探测首页可用性（不少于20次），每天一次首页更新检查' },
  { value: 'weekly', name: '周检测', hint: '每周检查首页及其链接页面的全部链接' },
  { value: 'monthly', name: '月监测', hint: '每月全站监测（全部检查项）' },
  { value: 'quarterly', name: '季普查', hint: '每季度全站普查，结果用于国办检查指标合格判定' },
  { value: 'yearly', name: '年报告', hint: '每年生成上一年度监测年报' },
]

export function regimeName(value) {
  return REGIMES.find((r) => r.value === value)?.name || value
}

export const ALERT_KINDS = { outage: '网站无法访问', veto: '单项否决' }

export const WEBHOOK_STATES = { none: '未推送', pending: '待推送', sent: '已推送', failed: '推送失败' }

// A failure ratio (0–1) as "4.8%"; '—' without probes.
export function formatRatio(ratio) {
  if (ratio === null || ratio === undefined || Number.isNaN(Number(ratio))) return '—'
  return (Math.round(Number(ratio) * 1000) / 10).toFixed(1) + '%'
}

// Tag type of an availability failure ratio: the national checklist vetoes at 5 %.
export function availabilityTagType(ratio) {
  if (ratio === null || ratio === undefined) return 'info'
  if (ratio >= 0.05) return 'danger'
  if (ratio > 0) return 'warning'
  return 'success'
}

// Whether a webhook address may be saved: empty (no webhook) or http(s)://host….
export function validWebhookUrl(url) {
  const u = (url || '').trim()
  if (!u) return true
  return /^https?:\/\/[^\s/]+(\/\S*)?$/.test(u)
}
