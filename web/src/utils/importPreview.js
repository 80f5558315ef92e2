// State of an import dialog with a dry run (units, consultations): choosing a
// file previews it at once (nothing is written); the import is offered only
// when the preview has no problem (docs/api.md "dry_run").
import { ref } from 'vue'
import { errorText } from '../api/client.js'

// `send(file, dryRun)` uploads; `onDone(result)` runs after a real import.
export function useImportPreview(send, onDone = () => {}) {
  const file = ref(null)
  const busy = ref(false)
  const preview = ref(null)
  const result = ref(null)
  const error = ref('')
  const details = ref([])

  function reset() {
    preview.value = null
    result.value = null
    error.value = ''
    details.value = []
  }
  async function run(dryRun) {
    if (!file.value) return
    busy.value = true
    reset()
    try {
      if (dryRun) {
        preview.value = await send(file.value, true)
        details.value = problemsOutsideRows(preview.value)
      } else {
        result.value = await send(file.value, false)
        onDone(result.value)
      }
    } catch (e) {
      error.value = !dryRun && e.code === 'invalid' ? `导入文件有 ${e.details.length} 处问题，未导入任何数据：` : errorText(e)
      details.value = e.details || []
    } finally {
      busy.value = false
    }
  }
  function onFile(ev) {
    file.value = ev.target.files[0] || null
    run(true)
  }
  return {
    file, busy, preview, result, error, details, onFile,
    runPreview: () => run(true),
    runImport: () => run(false),
    rowClass: ({ row }) => (row.problems.length ? 'row-error' : ''),
  }
}

// The preview's problems no row shows (the header's, line ≤ 1, and lines
// without a row), for the ErrorDetails table under it.
export function problemsOutsideRows(preview) {
  return preview.details.filter((d) => d.line <= 1 || !preview.rows.some((r) => r.line === d.line))
}
