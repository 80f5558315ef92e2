# Shared by the CLI tests in tests/cli (sourced): one assertion counter, and the
# final "N passed, M failed" line.
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}
# expect NAME CONDITION...: counts one assertion.
expect() {
  local name=$1
  shift
  if "$@"; then ok; else ko "$name"; fi
}
# run CMD...: sets OUT (stdout+stderr) and RC.
run() {
  OUT=$("$@" 2>&1)
  RC=$?
}
contains() { grep -qF -- "$2" <<<"$1"; }
# finish: prints the counts; exits 1 when anything failed.
finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
  exit $?
}
