#include "checklist/quarterly.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "core/error.h"
#include "core/text_file.h"

namespace govscore::checklist {
namespace {

const scoring::IndicatorScore* FindIndicator(const std::vector<scoring::IndicatorScore>& list,
                                             const std::string& id) {
  for (const scoring::IndicatorScore& i : list) {
    if (i.id == id) return &i;
    if (const scoring::IndicatorScore* c = FindIndicator(i.children, id)) return c;
  }
  return nullptr;
}

std::string Num(double v) { return scoring::FormatPoints(v); }

}  // namespace

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kPending:
      break;
  }
  return "pending";
}

const char* VerdictLabel(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "合格";
    case Verdict::kFail:
      return "不合格";
    case Verdict::kPending:
      break;
  }
  return "待定";
}

std::string QuarterOf(Date d) {
  return std::to_string(d.year()) + "Q" + std::to_string((d.month() - 1) / 3 + 1);
}

QuarterlyResult QuarterlyFromScore(const scoring::UnitScore& u, const std::string& framework_id,
                                   const std::string& period, const std::string& as_of) {
  QuarterlyResult r;
  r.unit = u.unit.id;
  r.period = period;
  r.framework_id = framework_id;
  r.as_of = as_of;
  r.score = u.total;
  const scoring::IndicatorScore* part = FindIndicator(u.indicators, "扣分指标");
  if (!part)
    throw Error("not a checklist score sheet: no indicator 扣分指标",
                framework_id + " " + u.unit.id);
  for (const std::string& reason : part->reasons)
    if (reason.rfind("否决：", 0) == 0) r.reasons.push_back(reason);
  if (!r.reasons.empty()) {
    r.verdict = Verdict::kFail;
    return r;
  }
  const double decided = part->points;
  if (decided >= 60 - 1e-9) {
    r.verdict = Verdict::kPass;
  } else if (decided + part->pending >= 60 - 1e-9) {
    r.verdict = Verdict::kPending;
    r.reasons.push_back("扣分部分已得 " + Num(decided) + " 分，另有 " + Num(part->pending) +
                        " 分待评，尚不能判定是否达到60分");
  } else {
    r.verdict = Verdict::kFail;
    r.reasons.push_back("扣分部分得分 " + Num(decided) + " 分，低于60分");
  }
  if (r.verdict == Verdict::kPass && part->pending > 1e-9)
    r.reasons.push_back("另有 " + Num(part->pending) + " 分待评（不影响合格）");
  return r;
}

std::vector<QuarterlyResult> QuarterlyFromSheet(const scoring::ScoreSheet& sheet,
                                                const std::string& period) {
  std::vector<QuarterlyResult> out;
  for (const scoring::UnitScore& u : sheet.units)
    out.push_back(QuarterlyFromScore(u, sheet.framework_id, period, sheet.as_of));
  return out;
}

std::vector<scoring::Measure> InspectionMeasures(const std::vector<QuarterlyResult>& results) {
  struct Acc {
    bool pending = false, failed = false;
    double score = 0;
    int n = 0;
    std::vector<std::string> evidence;
  };
  std::map<std::pair<std::string, std::string>, Acc> by;
  for (const QuarterlyResult& r : results) {
    Acc& a = by[{r.unit, r.period}];
    a.pending = a.pending || r.verdict == Verdict::kPending;
    a.failed = a.failed || r.verdict == Verdict::kFail;
    a.score = a.n == 0 ? r.score : std::min(a.score, r.score);
    ++a.n;
    std::string ev =
        r.framework_id + " " + r.as_of + " " + VerdictLabel(r.verdict) + " " + Num(r.score) + "分";
    for (const std::string& reason : r.reasons) ev += "；" + reason;
    a.evidence.push_back(ev);
  }
  std::vector<scoring::Measure> out;
  for (const auto& [key, a] : by) {
    if (a.pending && !a.failed) continue;
    scoring::Measure passed;
    passed.unit = key.first;
    passed.period = key.second;
    passed.name = "inspection.passed";
    passed.value = scoring::MeasureValue::Bool(!a.failed);
    passed.evidence = a.evidence;
    passed.source = "quarterly";
    scoring::Measure score = passed;
    score.name = "inspection.score";
    score.value = scoring::MeasureValue::Number(a.score);
    out.push_back(std::move(passed));
    out.push_back(std::move(score));
  }
  return out;
}

nlohmann::json QuarterlyToJson(const std::vector<QuarterlyResult>& results) {
  nlohmann::json list = nlohmann::json::array();
  for (const QuarterlyResult& r : results) {
    list.push_back({{"unit", r.unit},
                    {"period", r.period},
                    {"framework", r.framework_id},
                    {"as_of", r.as_of},
                    {"verdict", VerdictName(r.verdict)},
                    {"label", VerdictLabel(r.verdict)},
                    {"score", r.score},
                    {"reasons", r.reasons}});
  }
  return {{"schema", "govscore.quarterly/1"}, {"results", list}};
}

std::vector<QuarterlyResult> QuarterlyFromJson(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object() || j.value("schema", "") != "govscore.quarterly/1" || !j.contains("results") ||
      !j["results"].is_array())
    throw Error("expected {\"schema\": \"govscore.quarterly/1\", \"results\": [...]}", where);
  std::vector<QuarterlyResult> out;
  size_t n = 0;
  for (const nlohmann::json& e : j["results"]) {
    const std::string at = where + ": result " + std::to_string(++n);
    try {
      QuarterlyResult r;
      r.unit = e.at("unit").get<std::string>();
      r.period = e.at("period").get<std::string>();
      r.framework_id = e.at("framework").get<std::string>();
      r.as_of = e.value("as_of", "");
      const std::string v = e.at("verdict").get<std::string>();
      if (v == "pass")
        r.verdict = Verdict::kPass;
      else if (v == "fail")
        r.verdict = Verdict::kFail;
      else if (v == "pending")
        r.verdict = Verdict::kPending;
      else
        throw Error("verdict must be pass, fail or pending, got '" + v + "'", at);
      r.score = e.value("score", 0.0);
      if (e.contains("reasons")) r.reasons = e["reasons"].get<std::vector<std::string>>();
      out.push_back(std::move(r));
    } catch (const nlohmann::json::exception& ex) {
      throw Error(std::string("bad result: ") + ex.what(), at);
    }
  }
  return out;
}

std::vector<QuarterlyResult> LoadQuarterlyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read quarterly results file", path);
  std::ostringstream s;
  s << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(s.str());
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("JSON: ") + e.what(), path);
  }
  return QuarterlyFromJson(j, path);
}

void SaveQuarterlyFile(const std::string& path, const std::vector<QuarterlyResult>& results) {
  std::vector<QuarterlyResult> all;
  if (std::filesystem::exists(path)) all = LoadQuarterlyFile(path);
  for (const QuarterlyResult& r : results) {
    auto same = [&](const QuarterlyResult& x) {
      return x.unit == r.unit && x.period == r.period && x.framework_id == r.framework_id;
    };
    all.erase(std::remove_if(all.begin(), all.end(), same), all.end());
    all.push_back(r);
  }
  std::sort(all.begin(), all.end(), [](const QuarterlyResult& a, const QuarterlyResult& b) {
    return std::tie(a.unit, a.period, a.framework_id) < std::tie(b.unit, b.period, b.framework_id);
  });
  WriteTextFile(path, QuarterlyToJson(all).dump(1) + "\n");
}

}  // namespace govscore::checklist
