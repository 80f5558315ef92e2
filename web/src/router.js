// Routes of the UI. Pages a role may not open redirect to its home page; the
// server enforces the same limits on every API call (docs/api.md Roles).
import { createRouter, createWebHistory } from 'vue-router'
import { session, loadSession } from './session.js'
import { mayOpen } from './utils/format.js'
import AppLayout from './layout/AppLayout.vue'
import LoginPage from './pages/LoginPage.vue'

export function homeFor(role) {
  if (role === 'webmaster') return '/unit'
  if (role === 'reviewer') return '/review'
  return '/overview'
}

const routes = [
  { path: '/login', component: LoginPage, meta: { public: true, title: '登录' } },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', redirect: () => homeFor(session.user?.role) },
      { path: 'overview', component: () => import('./pages/OverviewPage.vue'), meta: { title: '总览' } },
      { path: 'units', component: () => import('./pages/UnitsPage.vue'), meta: { title: '评估对象' } },
      { path: 'frameworks', component: () => import('./pages/FrameworksPage.vue'), meta: { title: '指标体系' } },
      { path: 'campaigns', component: () => import('./pages/CampaignsPage.vue'), meta: { title: '评估任务' } },
      { path: 'campaigns/:id', component: () => import('./pages/CampaignDetailPage.vue'), meta: { title: '评估任务' } },
      { path: 'review', component: () => import('./pages/ReviewPage.vue'), meta: { title: '人工评分' } },
      { path: 'consultations', component: () => import('./pages/ConsultationsPage.vue'), meta: { title: '模拟咨询' } },
      { path: 'unit/:unitId?', component: () => import('./pages/UnitDetailPage.vue'), meta: { title: '单位详情' } },
      { path: 'rectify', component: () => import('./pages/RectifyPage.vue'), meta: { title: '整改' } },
      { path: 'monitor', component: () => import('./pages/MonitorPage.vue'), meta: { title: '监测与告警' } },
      { path: 'alerts', component: () => import('./pages/AlertsPage.vue'), meta: { title: '告警' } },
      { path: 'exports', component: () => import('./pages/ExportsPage.vue'), meta: { title: '导出' } },
      { path: 'audit', component: () => import('./pages/AuditPage.vue'), meta: { title: '操作日志' } },
      { path: 'users', component: () => import('./pages/UsersPage.vue'), meta: { title: '用户管理' } },
      { path: ':pathMatch(.*)*', component: () => import('./pages/NotFoundPage.vue'), meta: { title: '页面不存在' } },
    ],
  },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  const user = await loadSession()
  if (!user) return { path: '/login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (!mayOpen(user.role, to.path)) return homeFor(user.role)
  return true
})

router.afterEach((to) => {
  document.title = `${to.meta.title || ''} · 政府网站绩效评估平台`
})
