// One function per endpoint of docs/api.md used by the pages.
import { get, post, put, patch, del, upload, buildUrl, setCsrfToken } from './client.js'

export const auth = {
  async login(username, password) {
    const r = await post('/auth/login', { username, password })
    setCsrfToken(r.csrf_token)
    return r
  },
  async me() {
    const r = await get('/auth/me')
    setCsrfToken(r.csrf_token)
    return r
  },
  async logout() {
    await post('/auth/logout', {})
    setCsrfToken('')
  },
  password: (oldPassword, newPassword) =>
    post('/auth/password', { old_password: oldPassword, new_password: newPassword }),
}

export const health = () => get('/health')

export const users = {
  list: () => get('/users'),
  create: (u) => post('/users', u),
  update: (id, body) => patch(`/users/${id}`, body),
}

function fileForm(file, fields = {}) {
  const form = new FormData()
  form.append('file', file, file.name)
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) form.append(k, String(v))
  return form
}

export const units = {
  list: () => get('/units'),
  get: (id) => get(`/units/${id}`),
  create: (u) => post('/units', u),
  update: (id, u) => put(`/units/${id}`, u),
  remove: (id) => del(`/units/${id}`),
  import: (file, dryRun = false) => upload('/units/import', fileForm(file, dryRun ? { dry_run: 1 } : {})),
  exportUrl: (format) => buildUrl('/units/export', { format }),
  scans: (id) => get(`/units/${id}/scans`),
  findings: (id, state) => get(`/units/${id}/findings`, { state }),
  trend: (id) => get(`/units/${id}/trend`),
  evidence: (id, campaignId, indicatorId) => get(`/units/${id}/evidence`, { campaign_id: campaignId, indicator_id: indicatorId }),
}

export const frameworks = {
  list: () => get('/frameworks'),
  shipped: (id, kind) => get(`/frameworks/shipped/${encodeURIComponent(id)}`, { kind }),
  version: (id, kind) => get(`/framework-versions/${id}`, { kind }),
  yamlUrl: (id) => buildUrl(`/framework-versions/${id}/yaml`),
  validate: (file) => upload('/frameworks/validate', fileForm(file)),
  add: (file) => upload('/frameworks', fileForm(file)),
  addShipped: (id) => post('/frameworks', { shipped: id }),
}

export const campaigns = {
  list: () => get('/campaigns'),
  get: (id) => get(`/campaigns/${id}`),
  create: (c) => post('/campaigns', c),
  update: (id, c) => put(`/campaigns/${id}`, c),
  setState: (id, state) => post(`/campaigns/${id}/state`, { state }),
  startScans: (id, unitIds) => post(`/campaigns/${id}/scans`, unitIds ? { unit_ids: unitIds } : {}),
  scans: (id) => get(`/campaigns/${id}/scans`),
  progress: (id) => get(`/campaigns/${id}/progress`),
  progressStreamUrl: (id) => buildUrl(`/campaigns/${id}/progress/stream`),
  publish: (id) => post(`/campaigns/${id}/publish`, {}),
  snapshots: (id) => get(`/campaigns/${id}/snapshots`),
  ranking: (id, kind) => get(`/campaigns/${id}/ranking`, { kind }),
  distribution: (id, kind, bin = 10) => get(`/campaigns/${id}/distribution`, { kind, bin }),
  groups: (id, kind) => get(`/campaigns/${id}/groups`, { kind }),
  unitScore: (id, unitId) => get(`/campaigns/${id}/units/${unitId}/score`),
  queue: (id, unitId, state) => get(`/campaigns/${id}/queue`, { unit_id: unitId, state }),
  judgment: (id, key) => get(`/campaigns/${id}/judgment`, key),
  saveJudgment: (id, body) => post(`/campaigns/${id}/judgments`, body),
  checkJudgment: (id, body) => post(`/campaigns/${id}/judgments/check`, body),
  adoptProposal: (id, key) => post(`/campaigns/${id}/judgments/adopt`, key),
  reviewers: (id) => get(`/campaigns/${id}/reviewers`),
  assignReviewer: (id, userId, body) => put(`/campaigns/${id}/reviewers/${userId}`, body),
  events: (id, unitId) => get(`/campaigns/${id}/events`, { unit_id: unitId }),
  addEvent: (id, e) => post(`/campaigns/${id}/events`, e),
  // A new-media account's post list (csv/json) → the unit's newmedia.* measures.
  importPosts: (id, unitId, file, channel) =>
    upload(`/campaigns/${id}/units/${unitId}/posts`, fileForm(file, channel ? { channel } : {})),
  exportUrl: (id, format, unitId) => buildUrl(`/campaigns/${id}/export`, { format, unit_id: unitId }),
}

// 模拟咨询 / 依申请公开 of a campaign (docs/consultations.md).
export const consultations = {
  list: (campaignId, unitId) => get(`/campaigns/${campaignId}/consultations`, { unit_id: unitId }),
  create: (campaignId, body) => post(`/campaigns/${campaignId}/consultations`, body),
  update: (id, body) => put(`/consultations/${id}`, body),
  remove: (id) => del(`/consultations/${id}`),
  review: (id, body) => post(`/consultations/${id}/review`, body),
  // A consultations file (csv, xlsx or json); dryRun: the preview, nothing written.
  import: (campaignId, file, dryRun = false) =>
    upload(`/campaigns/${campaignId}/consultations/import`, fileForm(file, dryRun ? { dry_run: 1 } : {})),
}

export const evidence = {
  upload: (file, unitId, campaignId, indicatorId, note) =>
    upload('/evidence', fileForm(file, { unit_id: unitId, campaign_id: campaignId, indicator_id: indicatorId, note })),
  url: (fileId) => buildUrl(`/evidence/${encodeURIComponent(fileId)}`),
}

export const findings = {
  get: (id) => get(`/findings/${id}`),
  claimFixed: (id, note) => post(`/findings/${id}/claim-fixed`, { note }),
}

export const scans = {
  get: (id) => get(`/scans/${id}`),
  reportUrl: (id) => buildUrl(`/scans/${id}/report`),
}

export const audit = {
  list: (query) => get('/audit', query),
}

// Continuous monitoring (docs/monitoring.md): alerts, schedules, availability
// probes, 整改通知, the alert webhook.
export const monitor = {
  alerts: (query) => get('/alerts', query),
  ack: (id) => post(`/alerts/${id}/ack`, {}),
  schedules: () => get('/schedules'),
  createSchedule: (s) => post('/schedules', s),
  updateSchedule: (id, s) => patch(`/schedules/${id}`, s),
  removeSchedule: (id) => del(`/schedules/${id}`),
  availability: (days) => get('/availability', { days }),
  probes: (unitId, days) => get(`/units/${unitId}/probes`, { days }),
  notices: (unitId) => get(`/units/${unitId}/notices`),
  issueNotice: (unitId, deadline) => post(`/units/${unitId}/notices`, { deadline }),
  noticeUrl: (id, format) => buildUrl(`/notices/${id}/${format === 'docx' ? 'docx' : 'html'}`),
  webhook: () => get('/settings/webhook'),
  setWebhook: (url) => put('/settings/webhook', { url }),
}
