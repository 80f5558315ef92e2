// The logged-in user, shared by the layout, the router guard and the pages.
import { reactive } from 'vue'
import { auth } from './api/index.js'

export const session = reactive({ user: null, checked: false })

// Asks the server who is logged in (once per page load unless forced).
export async function loadSession(force = false) {
  if (session.checked && !force) return session.user
  try {
    const r = await auth.me()
    session.user = r.user
  } catch {
    session.user = null
  }
  session.checked = true
  return session.user
}

export async function login(username, password) {
  const r = await auth.login(username, password)
  session.user = r.user
  session.checked = true
  return r.user
}

export async function logout() {
  try {
    await auth.logout()
  } finally {
    session.user = null
  }
}
