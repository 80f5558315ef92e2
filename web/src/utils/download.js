// Starts a browser download of a same-origin URL (the session cookie goes along).
export function download(url) {
  const a = document.createElement('a')
  a.href = url
  a.rel = 'noopener'
  a.setAttribute('download', '')
  document.body.appendChild(a)
  a.click()
  a.remove()
}
