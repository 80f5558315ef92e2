// The quarterly result of the national checklist (季度检查结果: 合格/不合格 with
// the reasons) per unit, derived from a score sheet of gb2019-website or
// gb2019-newmedia, kept in a file (`govscore.quarterly/1`) until the platform
// store holds it, and turned into the `inspection.passed` / `inspection.score`
// measure rows that the provincial frameworks' 健康情况 (mean of the quarterly
// pass/fail) read.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/date.h"
#include "scoring/inputs.h"
#include "scoring/score_sheet.h"

namespace govscore::checklist {

enum class Verdict { kPass, kFail, kPending };
const char* VerdictName(Verdict v);   // "pass" | "fail" | "pending"
const char* VerdictLabel(Verdict v);  // "合格" | "不合格" | "待定"

struct QuarterlyResult {
  std::string unit;
  std::string period;  // "2024Q2"
  std::string framework_id;
  std::string as_of;  // the 监测时间点, YYYY-MM-DD
  Verdict verdict = Verdict::kPending;
  double score = 0;  // the sheet's total (扣分部分 + 加分部分)
  std::vector<std::string>
      reasons;  // 不合格/待定: why (veto texts, the 60-point line, what is pending)
};

// "2024Q2" for a date in April–June 2024.
std::string QuarterOf(Date d);

// Reads the verdict of one unit's score. A fired veto → 不合格 (its text is a
// reason). Otherwise the decided total decides: ≥ 60 → 合格 (pending points can
// only add); < 60 with pending points that could lift it to 60 → 待定; else 不合格
// ("扣分部分得分 X 分，低于60分"). Throws govscore::Error when the sheet has no
// 扣分指标 indicator (not a gb2019 checklist sheet).
QuarterlyResult QuarterlyFromScore(const scoring::UnitScore& unit, const std::string& framework_id,
                                   const std::string& period, const std::string& as_of);
std::vector<QuarterlyResult> QuarterlyFromSheet(const scoring::ScoreSheet& sheet,
                                                const std::string& period);

// One `inspection.passed` (bool) and one `inspection.score` (number) row per
// decided result, with `period`; pending results give no row (健康情况 stays
// 待评 for that quarter, or is skipped by `missing: skip`). When several
// results share unit and period (website and new media) the quarter passes
// only if all pass.
std::vector<scoring::Measure> InspectionMeasures(const std::vector<QuarterlyResult>& results);

// The file form: {"schema": "govscore.quarterly/1", "results": [...]}.
nlohmann::json QuarterlyToJson(const std::vector<QuarterlyResult>& results);
std::vector<QuarterlyResult> QuarterlyFromJson(const nlohmann::json& j, const std::string& where);
// Adds `results` to the file (replacing those with the same unit, period and
// framework), creating it when absent. Results are kept sorted.
void SaveQuarterlyFile(const std::string& path, const std::vector<QuarterlyResult>& results);
std::vector<QuarterlyResult> LoadQuarterlyFile(const std::string& path);

}  // namespace govscore::checklist
