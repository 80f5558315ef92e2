#!/usr/bin/env bash
# CLI acceptance test for issue 3 (frameworks and scoring), run by ctest as `cli_framework`:
#   bash tests/cli/framework_cli_test.sh path/to/govscore
#
# Exercises the real binary the way a user does:
#   1. `framework list` names every shipped framework with its Chinese title;
#   2. `framework check` passes (exit 0, no errors) on every shipped framework;
#   3. `framework show ID` and `show ID --json` (every node has id, name, weight, children);
#      `framework coverage ID [--json]` and `--all --markdown` (= docs/coverage.md);
#   4. `framework check` on broken fixtures (tests/cli/fixtures/broken_*.yaml) exits non-zero
#      and names file:line and the indicator;
#   5. `score` end to end from files (the tutorial in docs/tutorial-scoring.md): json, xlsx,
#      csv and html are written, two runs give byte-identical files, a missing input is 待评;
#   6. `score` on every golden case reproduces the expected unit totals through the CLI.
# Prints one line per failure and a final "N passed, M failed"; exits 1 when anything failed.
# Needs bash and python3 (standard library only: json, zipfile, csv).

set -u
BIN=${1:?usage: framework_cli_test.sh path/to/govscore}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FW_DIR=$ROOT/frameworks
FIX=$HERE/fixtures
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export GOVSCORE_FRAMEWORKS=$FW_DIR

# shellcheck source=tests/cli/assert.sh
. "$HERE/assert.sh"  # pass/fail counters, ok, ko, expect, run, contains, finish

if ! command -v python3 >/dev/null; then
  echo "FAIL: python3 is needed by this test"
  echo "0 passed, 1 failed"
  exit 1
fi
if [ ! -x "$BIN" ]; then
  echo "FAIL: no govscore binary at $BIN"
  echo "0 passed, 1 failed"
  exit 1
fi

shipped=()
for f in "$FW_DIR"/*.yaml; do shipped+=("$f"); done
expect "frameworks/ has shipped frameworks" test "${#shipped[@]}" -ge 19

# ---- 1. framework list ------------------------------------------------------------------
run "$BIN" framework list
LIST=$OUT
expect "framework list exits 0 (rc=$RC)" test "$RC" -eq 0
expect "framework list flags no framework as broken" bash -c '! grep -qF "[有错误]" <<<"$1"' _ "$LIST"
for f in "${shipped[@]}"; do
  id=$(sed -n 's/^id: *//p' "$f" | head -1)
  title=$(sed -n 's/^title: *//p' "$f" | head -1 | sed 's/^"\(.*\)"$/\1/')
  expect "framework list shows '$id  $title'" \
    bash -c 'grep -E "^$2 +" <<<"$1" | grep -qF -- "$3"' _ "$LIST" "$id" "$title"
done

# ---- 2. framework check on every shipped framework --------------------------------------
for f in "${shipped[@]}"; do
  name=$(basename "$f")
  run "$BIN" framework check "$f"
  expect "framework check $name exits 0 (rc=$RC)" test "$RC" -eq 0
  expect "framework check $name: summary with 0 error(s)" contains "$OUT" "$f: 0 error(s)"
  # Every measure a shipped framework names is produced (issue 5 implemented the last
  # pending ones: content.suspect_terms, interaction.*, guide.*).
  expect "framework check $name: no pending measure" bash -c '! grep -qF "pending measure" <<<"$1"' _ "$OUT"
  # Every assumption written in the file is shown (checked on the first framework-level one).
  first=$(python3 - "$f" <<'PY'
import sys, re
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"^assumptions:\n  - (.+)$", text, re.M)
print(m.group(1).strip().strip('"')[:20] if m else "")
PY
)
  if [ -n "$first" ]; then
    expect "framework check $name shows the assumptions" contains "$OUT" "$first"
  fi
done

# ---- 3. framework show / --json -----------------------------------------------------------
for f in "${shipped[@]}"; do
  id=$(sed -n 's/^id: *//p' "$f" | head -1)
  title=$(sed -n 's/^title: *//p' "$f" | head -1 | sed 's/^"\(.*\)"$/\1/')
  run "$BIN" framework show "$id"
  expect "framework show $id exits 0 (rc=$RC)" test "$RC" -eq 0
  expect "framework show $id prints the title" contains "$OUT" "$title"
  expect "framework show $id prints weights" contains "$OUT" "权重"
  "$BIN" framework show "$id" --json >"$TMP/show.json" 2>"$TMP/show.err"
  RC=$?
  expect "framework show $id --json exits 0 (rc=$RC)" test "$RC" -eq 0
  run python3 - "$TMP/show.json" "$id" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc.get("id") == sys.argv[2], "id %r" % doc.get("id")
assert doc.get("title"), "no title"
roots = doc.get("indicators") or []
if not roots and doc.get("composite"):
    roots = []  # a composite has parts instead of a tree
    assert doc["composite"], "empty composite"
n = 0
def walk(node, path):
    global n
    n += 1
    for key in ("id", "name", "weight", "children"):
        assert key in node, "%s: node without %r" % (path, key)
    assert isinstance(node["children"], list), path + ": children not a list"
    assert isinstance(node["weight"], (int, float)), path + ": weight not a number"
    if not node["children"]:
        assert node.get("rule"), path + ": leaf without rule"
        # AR7: each leaf lists what its rule reads (measures, judged items, events)
        inputs = node.get("inputs") or {}
        assert inputs.get("items"), path + ": leaf without inputs.items"
        assert isinstance(inputs.get("measures"), list), path + ": inputs.measures not a list"
    for c in node["children"]:
        walk(c, path + "/" + str(c.get("id")))
if roots:
    total = sum(r.get("weight", 0) for r in roots)
    assert total > 0, "all top-level weights are 0 in the default view (total %s)" % total
for r in roots:
    walk(r, str(r.get("id")))
assert n > 0 or doc.get("composite"), "no indicators"
print(n)
PY
  expect "framework show $id --json: every node has id/name/weight/children ($OUT)" test "$RC" -eq 0
done

# A channel-weighted framework (seed 004 政务新媒体) shows one channel's column with --kind.
run "$BIN" framework show cstc2019-newmedia --kind 政务微信
expect "framework show cstc2019-newmedia --kind 政务微信 shows weights: $OUT" contains "$OUT" "1.1 信息更新  权重 16"
# show with a kind column (seed 004: 省/市/县 weights)
run "$BIN" framework show cstc2019-local-website --kind 县 --json
expect "framework show --kind 县 exits 0" test "$RC" -eq 0
# ---- 3b. framework coverage (issue 7) ----------------------------------------------------
run "$BIN" framework coverage example
expect "framework coverage example exits 0 (rc=$RC)" test "$RC" -eq 0
expect "framework coverage prints the shares: $OUT" contains "$OUT" "其中自动+辅助 100.0%"
expect "framework coverage names the judgment reasons" contains "$OUT" "人工"
"$BIN" framework coverage gx2020-dept --json >"$TMP/cov.json" 2>"$TMP/cov.err"
expect "framework coverage --json exits 0" test "$?" -eq 0
OUT=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["shares"]; r=d["rows"];
assert r and all(x["mark"] in ("auto","assisted","judgment") for x in r), "unmarked rows"
assert all(x.get("why") for x in r if x["mark"]=="judgment"), "judgment without why"
assert abs(s["auto"]+s["assisted"]+s["judgment"]-100) < 1e-6, s
assert s["observable_auto_or_assisted"] == 100, s' "$TMP/cov.json" 2>&1)
expect "framework coverage --json: every row marked, judgments say why, shares add up ($OUT)" test -z "$OUT"
"$BIN" framework coverage --all --markdown >"$TMP/coverage.md"
expect "framework coverage --all --markdown reproduces docs/coverage.md" cmp -s "$TMP/coverage.md" "$ROOT/docs/coverage.md"
run "$BIN" framework coverage sz2023-gongkai-county
expect "framework coverage of a composite says to ask for its parts" contains "$OUT" "parts"
run "$BIN" framework show no-such-framework
expect "framework show of an unknown id fails" test "$RC" -ne 0
expect "framework show of an unknown id says which" contains "$OUT" "no-such-framework"

# ---- 4. framework check on broken files ---------------------------------------------------
run "$BIN" framework check "$FIX/valid.yaml"
expect "fixture valid.yaml checks clean (rc=$RC): $OUT" test "$RC" -eq 0

# fixture | line | indicator | a word of the message
while IFS='|' read -r fixture line indicator word; do
  [ -z "$fixture" ] && continue
  file=$FIX/$fixture
  run "$BIN" framework check "$file"
  expect "$fixture: check exits 1 (rc=$RC)" test "$RC" -eq 1
  if [ -n "$line" ]; then
    expect "$fixture: message names $fixture:$line: $OUT" contains "$OUT" "$file:$line: error"
  else # the parser reports where it noticed the error; only a line number is required
    expect "$fixture: message names $fixture:LINE: $OUT" \
      bash -c 'grep -qE "^$2:[0-9]+: error" <<<"$1"' _ "$OUT" "$file"
  fi
  if [ -n "$indicator" ]; then
    expect "$fixture: message names [$indicator]: $OUT" contains "$OUT" "[$indicator]"
  fi
  expect "$fixture: message says '$word': $OUT" contains "$OUT" "$word"
  expect "$fixture: no crash (rc=$RC)" test "$RC" -lt 128
done <<'TABLE'
broken_rule_type.yaml|36|互动交流|scale
broken_missing_weight.yaml|33|互动交流|weight
broken_tier_gap.yaml|31|政策文件|gap
broken_tier_overlap.yaml|30|政策文件|overlap
broken_percent_sum.yaml|19|机构职能|sum to 90
broken_unknown_measure.yaml|28|政策文件|import.policy_documents
broken_yaml_syntax.yaml|||YAML syntax
broken_unknown_key.yaml|35|互动交流|wieght
broken_duplicate_id.yaml|23|机构职能|duplicate
TABLE

# Warnings (group total differs from its children) are shown, with the assumption, exit 0.
run "$BIN" framework check "$FIX/warn_group_total.yaml"
expect "warn_group_total.yaml exits 0 (rc=$RC)" test "$RC" -eq 0
expect "warn_group_total.yaml: warning names file:line and [基本信息]: $OUT" \
  bash -c 'grep -F "warn_group_total.yaml:11: warning" <<<"$1" | grep -qF "[基本信息]"' _ "$OUT"
expect "warn_group_total.yaml: assumption shown" contains "$OUT" "标题写50分"
# 2 group-total warnings + 4 judged parts without a coverage mark (docs/framework-format.md §12).
expect "warn_group_total.yaml: summary counts the warnings" contains "$OUT" "0 error(s), 6 warning(s)"

run "$BIN" framework check "$FIX/does-not-exist.yaml"
expect "check of a missing file fails" test "$RC" -ne 0
expect "check of a missing file names it" contains "$OUT" "does-not-exist.yaml"

# ---- 5. score end to end from files (docs/tutorial-scoring.md) -----------------------------
# The tutorial's steps: copy gx2020-dept, change a weight (政务动态 4 → 5, 政策文件 3 → 2) and a
# tier (政策文件 c2: 30—39条 85 %, 25—29条 66.6667 %), check, score two units from files.
T=$FIX/tutorial
MY=$TMP/my-dept.yaml
python3 - "$FW_DIR/gx2020-dept.yaml" "$MY" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
edits = [
    ("id: gx2020-dept\n", "id: my-dept\n"),
    ("          - id: 政务动态\n            name: 政务动态\n            weight: 4\n",
     "          - id: 政务动态\n            name: 政务动态\n            weight: 5\n"),
    ("          - id: 政策文件\n            name: 政策文件\n            weight: 3\n",
     "          - id: 政策文件\n            name: 政策文件\n            weight: 2\n"),
    ("{min: 33, max: 40, percent: 83.3333}", "{min: 30, max: 40, percent: 85}"),
    ("{min: 25, max: 33, percent: 66.6667}", "{min: 25, max: 30, percent: 66.6667}"),
]
for old, new in edits:
    if s.count(old) != 1:
        sys.exit("tutorial edit does not apply to gx2020-dept.yaml: " + old)
    s = s.replace(old, new)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
expect "tutorial edits apply to frameworks/gx2020-dept.yaml" test -s "$MY"
run "$BIN" framework check "$MY"
expect "tutorial framework checks clean (rc=$RC)" test "$RC" -eq 0
expect "tutorial framework: 0 errors" contains "$OUT" "0 error(s),"
# No warning at all: every measure its coverage marks name is produced now.
expect "tutorial framework: no warnings" bash -c '! grep -qF ": warning:" <<<"$1"' _ "$OUT"
# Half-way state of the tutorial: only the first band moved → the overlap is reported.
sed 's/{min: 25, max: 30, percent: 66.6667}/{min: 25, max: 33, percent: 66.6667}/' "$MY" >"$TMP/half.yaml"
run "$BIN" framework check "$TMP/half.yaml"
expect "tutorial half-way edit: overlap error names file:line and [政策文件]: $OUT" \
  bash -c 'grep -F "error: [政策文件] tier bands overlap" <<<"$1" | grep -qE "half.yaml:[0-9]+:"' _ "$OUT"
score_tutorial() { # score_tutorial OUTDIR [extra args]
  local out=$1
  shift
  "$BIN" score --framework "$MY" --units "$T/units.csv" \
    --measures "$T/measures.csv" --judgments "$T/judgments.yaml" --events "$T/events.yaml" \
    --as-of 2020-11-30 --seed 7 --out "$out" "$@" >"$TMP/score.log" 2>&1
}
score_tutorial "$TMP/run1"
RC=$?
expect "score (tutorial) exits 0 (rc=$RC): $(cat "$TMP/score.log")" test "$RC" -eq 0
expect "score prints the tutorial's totals (pending base points apart from bonus)" \
  grep -qF "u1 自治区发展改革委  7.4033（待评 94 分，加分待评 11 分）" "$TMP/score.log"
for ext in json xlsx csv html; do
  expect "score writes score.$ext" test -s "$TMP/run1/score.$ext"
done
score_tutorial "$TMP/run2"
for ext in json csv html xlsx; do
  expect "score.$ext byte-identical across two runs" cmp -s "$TMP/run1/score.$ext" "$TMP/run2/score.$ext"
done
# The same sheet through --json/--csv/--html instead of --out.
"$BIN" score --framework "$MY" --units "$T/units.csv" --measures "$T/measures.csv" \
  --judgments "$T/judgments.yaml" --events "$T/events.yaml" --as-of 2020-11-30 --seed 7 \
  --json "$TMP/one.json" --csv "$TMP/one.csv" --html "$TMP/one.html" >/dev/null 2>&1
expect "--json FILE equals --out DIR/score.json" cmp -s "$TMP/one.json" "$TMP/run1/score.json"
expect "--csv FILE equals --out DIR/score.csv" cmp -s "$TMP/one.csv" "$TMP/run1/score.csv"
expect "--html FILE equals --out DIR/score.html" cmp -s "$TMP/one.html" "$TMP/run1/score.html"

# The numbers of the tutorial, worked out by hand in docs/tutorial-scoring.md.
run python3 - "$TMP/run1/score.json" <<'PY'
import json, sys
sheet = json.load(open(sys.argv[1], encoding="utf-8"))
assert sheet["schema"] == "govscore.scoresheet/1", sheet["schema"]
assert sheet["seed"] == 7 and sheet["as_of"] == "2020-11-30", (sheet["seed"], sheet["as_of"])
units = {u["id"]: u for u in sheet["units"]}
def node(u, ident):
    stack = list(u["indicators"])
    while stack:
        n = stack.pop()
        if n["id"] == ident:
            return n
        stack.extend(n["children"])
    raise AssertionError("no node " + ident)
def near(what, a, b):
    assert a is not None and abs(a - b) < 5e-4, "%s: got %s, expected %s" % (what, a, b)
u1, u2 = units["u1"], units["u2"]
# changed weights
near("u1 政务动态 weight", node(u1, "政务动态")["weight"], 5)
near("u1 政策文件 weight", node(u1, "政策文件")["weight"], 2)
# 政务动态 = c1 met 20% x 5 + c2 50% of 20% x 5 + c3 per_day 1.2 in [1,2) 75% of 60% x 5
near("u1 政务动态", node(u1, "政务动态")["points"], 1 + 0.5 + 2.25)
# changed tier: 31 files in [30, 40) → 85 % of c2 (60 % × 2) = 1.02, plus c1 0.4 and c3 0.4
near("u1 政策文件", node(u1, "政策文件")["points"], 0.4 + 1.02 + 0.4)
# 健康情况: 2 of 3 inspected quarters passed (missing: skip) → 2 × 2/3
near("u1 健康情况", node(u1, "健康情况")["points"], 1.3333)
# bonus 上级表彰: one 表彰 → +0.5
near("u1 bonus", u1["bonus_points"], 0.5)
# u2: indicator-level `met` on 政务动态 closes c1 and c2; per_day 0.4 → 25 % of 60 % × 5
near("u2 政务动态", node(u2, "政务动态")["points"], 2 + 0.75)
# u2 has no 政策文件 inputs: 待评, not 0 and not full marks
p = node(u2, "政策文件")
assert p["status"] == "pending", "u2 政策文件 status " + p["status"]
near("u2 政策文件 points", p["points"], 0)
near("u2 政策文件 pending", p["pending"], 2)
# u2 安全事件 one event → −2; 重大建设项目 not applicable (u2 not in 附录1) → weight to siblings
near("u2 penalty", u2["penalty_points"], -2)
assert node(u2, "重大建设项目")["status"] == "not_applicable"
near("u2 公共资源配置 weight", node(u2, "公共资源配置")["weight"], 3)
for u in (u1, u2):
    assert u["provisional"] is True, u["id"]
    assert u["pending_points"] > 0, u["id"]
    near(u["id"] + " total", u["total"],
         u["normal_points"] + u["bonus_points"] + u["penalty_points"] - (u.get("external_deductions") or 0))
print("ok")
PY
expect "tutorial numbers (changed weight and tier, 待评): $OUT" test "$RC" -eq 0
expect "csv shows 待评" grep -qF "待评" "$TMP/run1/score.csv"
expect "html shows 待评" grep -qF "待评" "$TMP/run1/score.html"
expect "html is a Chinese page" grep -qF 'lang="zh' "$TMP/run1/score.html"
expect "csv starts with a UTF-8 BOM" bash -c 'head -c3 "$1" | od -An -tx1 | grep -q "ef bb bf"' _ "$TMP/run1/score.csv"

# xlsx: a valid workbook with sheet 排名 and one sheet per unit laid out like the seeds' tables.
run python3 "$HERE/xlsx_layout.py" "$TMP/run1/score.xlsx" "$TMP/run1/score.json"
expect "xlsx layout: $OUT" test "$RC" -eq 0

# A different seed changes only the recorded seed (this framework samples nothing).
run "$BIN" score --framework "$MY" --units "$T/units.csv" --measures "$T/measures.csv" \
  --judgments "$T/judgments.yaml" --events "$T/events.yaml" --as-of 2020-11-30 --seed 8 \
  --json "$TMP/seed8.json"
expect "seed is recorded in the sheet" grep -qF '"seed": 8' "$TMP/seed8.json"

# Bad input: an unknown indicator in judgments is an error that names it, not a crash.
printf -- '- {unit: u1, indicator: 没有这个指标, value: met}\n' >"$TMP/bad-judgments.yaml"
run "$BIN" score --framework "$MY" --units "$T/units.csv" \
  --judgments "$TMP/bad-judgments.yaml" --json "$TMP/bad.json"
expect "score with an unknown indicator fails (rc=$RC)" test "$RC" -ne 0 -a "$RC" -lt 128
expect "score with an unknown indicator names it: $OUT" contains "$OUT" "没有这个指标"
# A unit of a kind the framework does not score.
printf 'id,name,kind\nx1,某单位,设区市\n' >"$TMP/bad-units.csv"
run "$BIN" score --framework "$MY" --units "$TMP/bad-units.csv" --json "$TMP/bad.json"
expect "score with a wrong kind fails clearly (rc=$RC): $OUT" test "$RC" -ne 0 -a "$RC" -lt 128
# No input at all beyond units: everything 待评, nothing silently 0 or full.
run "$BIN" score --framework "$MY" --units "$T/units.csv" --as-of 2020-11-30 \
  --json "$TMP/empty.json"
expect "score with units only exits 0 (rc=$RC): $OUT" test "$RC" -eq 0
run python3 - "$TMP/empty.json" <<'PY'
import json, sys
sheet = json.load(open(sys.argv[1], encoding="utf-8"))
for u in sheet["units"]:
    assert u["provisional"] is True, u["id"]
    assert u["normal_points"] == 0, u["id"]
    # every normal top-level indicator without a channels rule is 待评 with its whole weight
    for n in u["indicators"]:
        if n["polarity"] == "normal" and n["id"] not in ("政务新媒体", "附加指标"):
            assert n["status"] == "pending" and abs(n["pending"] - n["weight"]) < 1e-9, n["id"]
    assert u["pending_points"] >= 100, (u["id"], u["pending_points"])
print("ok")
PY
expect "units only: totals provisional with pending points: $OUT" test "$RC" -eq 0

# ---- 5b. input templates (framework template) ---------------------------------------------
# docs/tutorial-scoring.md step 2: show lists what the rules read; template for the two units.
run "$BIN" framework show "$MY"
expect "show lists the inputs of 政务动态 (tutorial): $OUT" contains "$OUT" "政务动态  权重 5  规则 criteria [c1 20% 人工; c2 20% 人工; c3 60% tiers(column.政务动态.per_day); v1 column.政务动态.stale]"
run "$BIN" framework template "$MY" --units "$T/units.csv" --out "$TMP/tpl"
expect "framework template exits 0 (rc=$RC): $OUT" test "$RC" -eq 0
expect "template row counts as in the tutorial: $OUT" contains "$OUT" "judgments.csv  154 行"
expect "template measure rows as in the tutorial: $OUT" contains "$OUT" "measures.csv  18 行"
for f in judgments.csv measures.csv events.csv na.csv 填写说明.txt; do
  expect "template writes $f" test -s "$TMP/tpl/$f"
done
expect "template judgments.csv has the header" grep -q "^.*unit,indicator,criterion,channel,value" "$TMP/tpl/judgments.csv"
expect "template judgments.csv names 政策文件 c1" grep -q "^u1,政策文件,c1," "$TMP/tpl/judgments.csv"
expect "template measures.csv lists inspection.passed per period" grep -q "^u1,inspection.passed,,,2020Q3," "$TMP/tpl/measures.csv"
# The unfilled templates load as no input: every indicator stays 待评.
run "$BIN" score --framework "$MY" --units "$T/units.csv" --judgments "$TMP/tpl/judgments.csv" \
  --measures "$TMP/tpl/measures.csv" --na "$TMP/tpl/na.csv" --as-of 2020-11-30 --json "$TMP/tpl0.json"
expect "score with unfilled templates exits 0 (rc=$RC): $OUT" test "$RC" -eq 0
# Answering every judged row (met / count 0 / no veto / full points) leaves less pending.
run python3 - "$TMP/tpl/judgments.csv" "$TMP/tpl-filled.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
head = rows[0]
col = {k: i for i, k in enumerate(head)}
for r in rows[1:]:
    how = r[col["how"]]
    if how.startswith("count"):
        r[col["count"]] = "0"
    elif how.startswith("points"):
        r[col["percent"]] = "100"
    elif "否决" in how:
        r[col["value"]] = "no"
    else:
        r[col["value"]] = "met"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
print(len(rows) - 1)
PY
expect "template rows filled ($OUT)" test "$RC" -eq 0
run "$BIN" score --framework "$MY" --units "$T/units.csv" --judgments "$TMP/tpl-filled.csv" \
  --as-of 2020-11-30 --json "$TMP/tpl1.json"
expect "score with the filled judgments template exits 0 (rc=$RC): $OUT" test "$RC" -eq 0
run python3 - "$TMP/tpl0.json" "$TMP/tpl1.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))["units"]
b = json.load(open(sys.argv[2], encoding="utf-8"))["units"]
for x, y in zip(a, b):
    assert y["pending_points"] < x["pending_points"], (x["id"], x["pending_points"], y["pending_points"])
    assert x["pending_points"] <= x["max_points"], (x["id"], "pending above max")
print("ok")
PY
expect "filled judgments template decides indicators: $OUT" test "$RC" -eq 0

# ---- 6. every golden case through the CLI ---------------------------------------------------
for case in "$ROOT"/tests/golden/scoring/*/*/; do
  case=${case%/}
  fw=$(basename "$(dirname "$case")")
  label=$fw/$(basename "$case")
  case_fw=$(sed -n 's/^framework: *//p' "$case/case.yaml" 2>/dev/null)
  [ -n "$case_fw" ] && fw=$ROOT/$case_fw
  args=(score --framework "$fw" --units "$case/units.csv")
  [ -f "$case/measures.json" ] && args+=(--measures "$case/measures.json")
  [ -f "$case/measures.csv" ] && args+=(--measures "$case/measures.csv")
  [ -f "$case/judgments.yaml" ] && args+=(--judgments "$case/judgments.yaml")
  [ -f "$case/events.yaml" ] && args+=(--events "$case/events.yaml")
  [ -f "$case/na.yaml" ] && args+=(--na "$case/na.yaml")
  as_of=$(sed -n "s/^as_of: *'\{0,1\}\([0-9-]*\)'\{0,1\}/\1/p" "$case/case.yaml" 2>/dev/null)
  seed=$(sed -n 's/^seed: *//p' "$case/case.yaml" 2>/dev/null)
  kind=$(sed -n 's/^kind: *//p' "$case/case.yaml" 2>/dev/null)
  [ -n "$as_of" ] && args+=(--as-of "$as_of")
  [ -n "$seed" ] && args+=(--seed "$seed")
  [ -n "$kind" ] && args+=(--kind "$kind")
  run "$BIN" "${args[@]}" --json "$TMP/golden.json"
  expect "golden $label: score exits 0 (rc=$RC): $OUT" test "$RC" -eq 0
  run python3 - "$TMP/golden.json" "$case/expected.json" <<'PY'
import json, sys
got = json.load(open(sys.argv[1], encoding="utf-8"))
want = json.load(open(sys.argv[2], encoding="utf-8"))
def by_id(units):
    return units if isinstance(units, dict) else {u["id"]: u for u in units}
g, w = by_id(got["units"]), by_id(want["units"])
bad = []
for uid, wu in w.items():
    gu = g.get(uid)
    if gu is None:
        bad.append(uid + ": missing")
        continue
    for key in ("total", "pending_points", "max_points", "band", "rank", "lists"):
        if key not in wu:
            continue
        a, b = gu.get(key), wu[key]
        if isinstance(b, (int, float)) and not isinstance(b, bool):
            if a is None or abs(a - b) > 5e-4:
                bad.append("%s.%s: got %s, expected %s" % (uid, key, a, b))
        elif a != b:
            bad.append("%s.%s: got %s, expected %s" % (uid, key, a, b))
if bad:
    print("; ".join(bad))
    sys.exit(1)
PY
  expect "golden $label: CLI totals equal expected.json: $OUT" test "$RC" -eq 0
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
