#include "platform/judgments.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "platform/assignments.h"
#include "platform/errors.h"
#include "platform/frameworks.h"
#include "platform/internal.h"
#include "platform/scores.h"
#include "store/password.h"

namespace govscore::platform {

namespace internal {
namespace {

using framework::Indicator;
using framework::Rule;

bool ForKind(const std::vector<std::string>& kinds, const std::string& kind) {
  return kinds.empty() || std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

ReviewItem MakeItem(const Indicator& ind, const store::Unit& unit, store::Id campaign_id,
                    const std::vector<std::string>& path, const std::string& criterion,
                    const std::string& channel, const std::string& input, const std::string& text,
                    std::optional<double> max = std::nullopt) {
  ReviewItem item;
  item.key = {campaign_id, unit.id, ind.id, criterion, channel};
  item.unit_code = unit.code;
  item.unit_name = unit.name;
  item.unit_kind = unit.kind;
  item.indicator_name = ind.name;
  item.path = path;
  item.criterion_text = text;
  item.description = ind.description;
  item.criteria_text = ind.criteria_text;
  item.input = input;
  item.weight = ind.WeightFor(unit.kind);
  if (input == "points") item.max_points = max ? *max : item.weight;
  return item;
}

// Collects the slots of one indicator for one unit.
class SlotCollector {
 public:
  SlotCollector(const Indicator& ind, const store::Unit& unit, store::Id campaign_id,
                std::vector<std::string> path, std::vector<ReviewItem>& out)
      : ind_(ind), unit_(unit), campaign_id_(campaign_id), path_(std::move(path)), out_(out) {}

  void Indicator() {
    for (const framework::Veto& v : ind_.vetoes)
      if (!v.when) Emit(v.id, "", "yes_no", "否决项：" + v.text);
    for (const framework::AdjustmentItem& item : ind_.deduct)
      if (item.source == framework::AdjustmentItem::Source::kJudged &&
          ForKind(item.kinds, unit_.kind))
        Emit(item.id, "", "count", item.text);
    if (ind_.rule) Rule(*ind_.rule, "", "");
  }

 private:
  void Rule(const framework::Rule& rule, const std::string& criterion, const std::string& channel) {
    std::visit(
        [&](const auto& body) {
          using T = std::decay_t<decltype(body)>;
          if constexpr (std::is_same_v<T, framework::CriteriaRule>) {
            for (const framework::Criterion& c : body.items) {
              if (!ForKind(c.kinds, unit_.kind)) continue;
              if (c.rule)
                Rule(*c.rule, c.id, channel);
              else if (!c.check)
                Emit(c.id, channel, "met", c.text);
              for (const framework::Veto& v : c.vetoes)
                if (!v.when) Emit(v.id, channel, "yes_no", "否决项：" + v.text);
            }
          } else if constexpr (std::is_same_v<T, framework::PassFailRule>) {
            if (!body.check) Emit(criterion, channel, "met", "");
          } else if constexpr (std::is_same_v<T, framework::JudgmentRule>) {
            Emit(criterion, channel, "points", "", body.max);
          } else if constexpr (std::is_same_v<T, framework::AdjustmentsRule>) {
            for (const framework::AdjustmentItem& item : body.items)
              if (item.source == framework::AdjustmentItem::Source::kJudged &&
                  ForKind(item.kinds, unit_.kind))
                Emit(item.id, channel, "count", item.text);
          } else if constexpr (std::is_same_v<T, framework::ChannelsRule>) {
            const std::vector<std::string> has = UnitChannels(unit_);
            for (const std::string& ch : body.over)
              if (std::find(has.begin(), has.end(), ch) != has.end() && body.inner)
                Rule(*body.inner, criterion, ch);
          }
        },
        rule.body);
  }

  void Emit(const std::string& criterion, const std::string& channel, const std::string& input,
            const std::string& text, std::optional<double> max = std::nullopt) {
    ReviewItem item =
        MakeItem(ind_, unit_, campaign_id_, path_, criterion, channel, input, text, max);
    // A slot reached twice (the same item under two channels of an A-class
    // rule is keyed by channel, so only true repeats are dropped).
    for (const ReviewItem& o : out_)
      if (o.key.indicator_id == item.key.indicator_id && o.key.criterion == item.key.criterion &&
          o.key.channel == item.key.channel && o.key.unit_id == item.key.unit_id)
        return;
    out_.push_back(std::move(item));
  }

  const framework::Indicator& ind_;
  const store::Unit& unit_;
  store::Id campaign_id_;
  std::vector<std::string> path_;
  std::vector<ReviewItem>& out_;
};

// Every indicator that exists for the unit's kind, with the names of its
// ancestors.
void Walk(const std::vector<framework::Indicator>& nodes, const store::Unit& unit,
          std::vector<std::string>& path,
          const std::function<void(const Indicator&, const std::vector<std::string>&)>& visit) {
  for (const framework::Indicator& ind : nodes) {
    if (!ind.ExistsFor(unit.kind)) continue;
    visit(ind, path);
    path.push_back(ind.name);
    Walk(ind.children, unit, path, visit);
    path.pop_back();
  }
}

}  // namespace

std::vector<ReviewItem> JudgmentSlots(const framework::Framework& fw, const store::Unit& unit,
                                      store::Id campaign_id) {
  std::vector<ReviewItem> out;
  std::vector<std::string> path;
  Walk(fw.indicators, unit, path, [&](const Indicator& ind, const std::vector<std::string>& p) {
    SlotCollector(ind, unit, campaign_id, p, out).Indicator();
  });
  return out;
}

std::vector<ReviewItem> ConfirmSlots(const framework::Framework& fw, const store::Unit& unit,
                                     store::Id campaign_id) {
  std::vector<ReviewItem> out;
  std::vector<std::string> path;
  Walk(fw.indicators, unit, path, [&](const Indicator& ind, const std::vector<std::string>& p) {
    if (ind.coverage && ind.coverage->mark == framework::Coverage::Mark::kAssisted &&
        !ind.coverage->fill.empty())
      out.push_back(MakeItem(ind, unit, campaign_id, p, "", "", "confirm", "确认系统填入的数值"));
  });
  return out;
}

}  // namespace internal

namespace {

struct SlotContext {
  store::Campaign campaign;
  framework::Framework fw;
  store::Unit unit;
};

SlotContext Context(store::Store& store, const store::JudgmentKey& key) {
  SlotContext ctx{internal::RequireCampaign(store, key.campaign_id), {}, {}};
  if (std::find(ctx.campaign.unit_ids.begin(), ctx.campaign.unit_ids.end(), key.unit_id) ==
      ctx.campaign.unit_ids.end())
    throw NotFound("该评估任务不包含这个评估对象（编号 " + std::to_string(key.unit_id) + "）",
                   "campaign " + std::to_string(key.campaign_id));
  ctx.fw = LoadFrameworkVersion(store, ctx.campaign.framework_version_id);
  ctx.unit = internal::RequireUnit(store, key.unit_id);
  return ctx;
}

std::string Where(const store::JudgmentKey& key) {
  std::string w = "judgment " + key.indicator_id;
  if (!key.criterion.empty()) w += "/" + key.criterion;
  if (!key.channel.empty()) w += "@" + key.channel;
  return w;
}

bool IsNa(const nlohmann::json& v) {
  return v.is_object() && v.size() == 1 && v.contains("na") && v["na"] == true;
}

// Checks value_json against the slot's input; the empty input means a 不适用 key.
void ValidateValue(const std::string& value_json, const ReviewItem* slot,
                   const framework::Indicator& ind, const store::JudgmentKey& key) {
  const std::string where = Where(key);
  nlohmann::json v = nlohmann::json::parse(value_json, nullptr, false);
  if (v.is_discarded() || !v.is_object() || v.size() != 1)
    throw InvalidInput("评分值须为只含一个字段的 JSON 对象", where);
  if (IsNa(v)) {
    if (!key.criterion.empty() || !key.channel.empty())
      throw InvalidInput("不适用 is declared for the whole indicator", where);
    using Mode = framework::NotApplicable::Mode;
    if (ind.not_applicable.mode == Mode::kNone || ind.not_applicable.mode == Mode::kForbidden)
      throw InvalidInput("the framework does not allow 不适用 for this indicator", where);
    return;
  }
  if (!slot) throw NotFound("该评估任务的人工评分队列中没有这一项", where);
  auto number_in = [&](const char* field, double lo, std::optional<double> hi) {
    if (!v.contains(field)) return false;
    if (!v[field].is_number())
      throw InvalidInput("评分值须为数字（" + std::string(field) + "）", where);
    double x = v[field].get<double>();
    if (x < lo || (hi && x > *hi + 1e-9))
      throw InvalidInput("评分值超出允许范围（" + std::string(field) + "）", where);
    return true;
  };
  auto word_in = [&](std::initializer_list<const char*> words) {
    if (!v.contains("value")) return false;
    for (const char* w : words)
      if (v["value"] == w) return true;
    throw InvalidInput("评分值不是该评分项允许的选项（" + slot->input + "）", where);
  };
  bool ok = false;
  if (slot->input == "met")
    ok = word_in({"met", "unmet"}) || number_in("percent", 0, 100);
  else if (slot->input == "points")
    ok = number_in("points", 0, slot->max_points) || number_in("percent", 0, 100);
  else if (slot->input == "count")
    ok = number_in("count", 0, std::nullopt) || word_in({"yes", "no"});
  else if (slot->input == "yes_no")
    ok = word_in({"yes", "no"});
  else if (slot->input == "confirm")
    ok = word_in({"confirm"});
  if (!ok) throw InvalidInput("评分值与该评分项的类型不符（" + slot->input + "）", where);
}

const std::regex& StoredNamePattern() {
  static const std::regex re("^[0-9a-f]{32}\\.(png|jpg|gif|webp|pdf|ofd|docx|xlsx|doc|xls)$");
  return re;
}

void ValidateEvidence(const std::vector<store::JudgmentEvidence>& evidence,
                      const std::string& where) {
  if (evidence.size() > 50) throw InvalidInput("佐证材料超过 50 项", where);
  for (const store::JudgmentEvidence& e : evidence) {
    if (e.kind == store::JudgmentEvidence::Kind::kUrl) {
      if (!internal::IsHttpUrl(e.url))
        throw InvalidInput("佐证网址“" + e.url + "”不是 http(s) 网址", where);
    } else if (!std::regex_match(e.stored_name, StoredNamePattern())) {
      throw InvalidInput("佐证文件不是通过上传保存的文件", where);
    }
  }
}

store::JudgmentRevision Save(store::Store& store, const store::Actor& actor,
                             const store::JudgmentKey& key, store::JudgmentState state,
                             const std::string& value_json, const std::string& note,
                             const std::vector<store::JudgmentEvidence>& evidence) {
  SlotContext ctx = Context(store, key);
  RequireMayJudge(store, actor, key);
  if (ctx.campaign.state != store::CampaignState::kCollecting &&
      ctx.campaign.state != store::CampaignState::kReviewing)
    throw Conflict(std::string("只有“数据采集中”或“评审中”的评估任务可以保存评分，当前为“") +
                       internal::StateLabel(ctx.campaign.state) + "”",
                   Where(key));
  const framework::Indicator* ind = ctx.fw.Find(key.indicator_id);
  if (!ind || !ind->ExistsFor(ctx.unit.kind))
    throw NotFound("该评估对象没有这个指标（" + key.indicator_id + "）", Where(key));
  // A slot of the framework; else a fill leaf's confirmation (采纳 of a filled value).
  const ReviewItem* slot = nullptr;
  const std::vector<ReviewItem> slots = internal::JudgmentSlots(ctx.fw, ctx.unit, key.campaign_id);
  const std::vector<ReviewItem> confirms =
      internal::ConfirmSlots(ctx.fw, ctx.unit, key.campaign_id);
  for (const std::vector<ReviewItem>* list : {&slots, &confirms})
    for (const ReviewItem& s : *list)
      if (!slot && s.key.indicator_id == key.indicator_id && s.key.criterion == key.criterion &&
          s.key.channel == key.channel)
        slot = &s;
  ValidateValue(value_json, slot, *ind, key);
  ValidateEvidence(evidence, Where(key));
  if (note.size() > 20000) throw InvalidInput("评分说明超过 20000 字节", Where(key));
  return store.SaveJudgment(actor, key, state, value_json, note, evidence);
}

}  // namespace

namespace {

using ProposalKey = std::tuple<std::string, std::string, std::string, std::string>;

// The judgment value of a proposed part for a slot of `input`; "" when it does not fit.
std::string ProposedValue(const scoring::ProposedPart& p, const std::string& input) {
  nlohmann::json v;
  if (!p.value.empty()) {
    if (input == "points" && (p.value == "met" || p.value == "unmet"))
      v = {{"percent", p.value == "met" ? 100 : 0}};
    else
      v = {{"value", p.value}};
  } else if (p.percent) {
    v = {{"percent", *p.percent}};
  } else if (p.count) {
    v = {{"count", *p.count}};
  }
  return v.is_null() ? std::string() : v.dump();
}

// A proposed part and the points of its indicator with every proposal accepted.
struct Offered {
  scoring::ProposedPart part;
  double leaf_points = 0;
};

// The proposals of the campaign's score sheet computed now: per part by (unit
// code, indicator, criterion, channel), and per leaf by (unit code,
// indicator) — a fill leaf's proposal has no parts.
struct Proposals {
  std::map<ProposalKey, Offered> parts;
  std::map<std::pair<std::string, std::string>, scoring::Proposal> leaves;
};

// None when the engine refuses the inputs.
Proposals ProposalsNow(store::Store& store, store::Id campaign_id) {
  Proposals out;
  scoring::ScoreSheet sheet;
  try {
    sheet = ComputeScoreSheet(store, campaign_id);
  } catch (const InvalidInput&) {
    return out;
  }
  std::function<void(const std::string&, const scoring::IndicatorScore&)> walk =
      [&](const std::string& unit, const scoring::IndicatorScore& ind) {
        if (ind.proposal) {
          for (const scoring::ProposedPart& p : ind.proposal->parts)
            out.parts[{unit, ind.id, p.criterion, p.channel}] = {p, ind.proposal->points};
          out.leaves[{unit, ind.id}] = *ind.proposal;
        }
        for (const scoring::IndicatorScore& child : ind.children) walk(unit, child);
      };
  for (const scoring::UnitScore& u : sheet.units)
    for (const scoring::IndicatorScore& ind : u.indicators) walk(u.unit.id, ind);
  return out;
}

// A fill leaf's proposal as its confirmation slot offers it: value confirm,
// the fill lines ("建议：consult.reply_workdays 取 interaction.reply_workdays =
// 2") as basis and as the filled measures, the leaf's evidence.
std::optional<ReviewProposal> FillProposal(const scoring::Proposal& p) {
  ReviewProposal out;
  out.value_json = R"({"value":"confirm"})";
  out.evidence = p.evidence;
  out.leaf_points = p.points;
  std::set<std::string> seen;  // the engine may note a fill once per evaluation
  for (const std::string& line : p.items) {
    if (!seen.insert(line).second) continue;
    out.basis += (out.basis.empty() ? "" : "；") + line;
    const std::string prefix = "建议：", take = " 取 ", equals = " = ";
    const size_t t = line.find(take);
    const size_t e = t == std::string::npos ? t : line.find(equals, t);
    if (line.rfind(prefix, 0) != 0 || e == std::string::npos) continue;
    out.fills.push_back({line.substr(prefix.size(), t - prefix.size()),
                         line.substr(t + take.size(), e - t - take.size()),
                         line.substr(e + equals.size())});
  }
  if (out.fills.empty()) return std::nullopt;
  return out;
}

}  // namespace

std::vector<ReviewItem> ReviewQueue(store::Store& store, store::Id campaign_id,
                                    std::optional<store::Id> unit_id, bool open_only,
                                    const store::Actor* actor, bool with_proposals) {
  const store::Campaign c = internal::RequireCampaign(store, campaign_id);
  const JudgeScope scope = actor ? ScopeFor(store, *actor, campaign_id) : JudgeScope{};
  if (unit_id && std::find(c.unit_ids.begin(), c.unit_ids.end(), *unit_id) == c.unit_ids.end())
    throw NotFound("该评估任务不包含这个评估对象（编号 " + std::to_string(*unit_id) + "）",
                   "campaign " + std::to_string(campaign_id));
  const framework::Framework fw = LoadFrameworkVersion(store, c.framework_version_id);
  const internal::JudgmentIndex judged = internal::JudgmentsByKey(store, campaign_id);
  const Proposals offered = with_proposals ? ProposalsNow(store, campaign_id) : Proposals{};
  std::vector<ReviewItem> out;
  for (store::Id id : c.unit_ids) {
    if ((unit_id && id != *unit_id) || !scope.AllowsUnit(id)) continue;
    const store::Unit unit = internal::RequireUnit(store, id);
    for (ReviewItem& item : internal::JudgmentSlots(fw, unit, campaign_id)) {
      if (!scope.Allows(id, item.key.indicator_id)) continue;
      if (const store::Judgment* j = internal::Lookup(judged, item.key)) item.judgment = *j;
      auto o = offered.parts.find(
          {item.unit_code, item.key.indicator_id, item.key.criterion, item.key.channel});
      if (o != offered.parts.end()) {
        if (std::string v = ProposedValue(o->second.part, item.input); !v.empty())
          item.proposal = ReviewProposal{
              v, o->second.part.basis, o->second.part.evidence, o->second.leaf_points, {}};
      }
      if (open_only && item.judgment && internal::JudgmentFinal(*item.judgment, c.second_review))
        continue;
      out.push_back(std::move(item));
    }
    // A fill leaf's confirmation: in the queue while the engine proposes the
    // filled value, or once someone judged it.
    if (!with_proposals) continue;
    for (ReviewItem& item : internal::ConfirmSlots(fw, unit, campaign_id)) {
      if (!scope.Allows(id, item.key.indicator_id)) continue;
      if (const store::Judgment* j = internal::Lookup(judged, item.key)) item.judgment = *j;
      auto o = offered.leaves.find({item.unit_code, item.key.indicator_id});
      if (o != offered.leaves.end()) item.proposal = FillProposal(o->second);
      if (!item.judgment && !item.proposal) continue;
      if (open_only && item.judgment && internal::JudgmentFinal(*item.judgment, c.second_review))
        continue;
      out.push_back(std::move(item));
    }
  }
  return out;
}

store::JudgmentRevision SaveJudgmentDraft(store::Store& store, const store::Actor& actor,
                                          const store::JudgmentKey& key,
                                          const std::string& value_json, const std::string& note,
                                          const std::vector<store::JudgmentEvidence>& evidence) {
  return Save(store, actor, key, store::JudgmentState::kDraft, value_json, note, evidence);
}

store::JudgmentRevision SubmitJudgment(store::Store& store, const store::Actor& actor,
                                       const store::JudgmentKey& key, const std::string& value_json,
                                       const std::string& note,
                                       const std::vector<store::JudgmentEvidence>& evidence) {
  return Save(store, actor, key, store::JudgmentState::kSubmitted, value_json, note, evidence);
}

store::JudgmentRevision CheckJudgment(store::Store& store, const store::Actor& actor,
                                      const store::JudgmentKey& key, bool accept,
                                      const std::string& note) {
  const store::Campaign c = internal::RequireCampaign(store, key.campaign_id);
  // The slot's scope first: nothing about a slot (not even its state) is told
  // to a reviewer it is not assigned to.
  RequireMayJudge(store, actor, key);
  if (!c.second_review) throw Conflict("该评估任务不需要复核", Where(key));
  auto j = store.FindJudgment(key);
  if (!j) throw NotFound("还没有这项评分", Where(key));
  if (j->state != store::JudgmentState::kSubmitted)
    throw Conflict(
        std::string("只有已提交的评分可以复核，当前为“") + internal::StateLabel(j->state) + "”",
        Where(key));
  const bool same = actor.user_id && j->current.reviewer_user_id
                        ? *actor.user_id == *j->current.reviewer_user_id
                        : actor.name == j->current.reviewer;
  if (same) throw Conflict("复核人不能是提交评分的人", Where(key));
  if (!accept && internal::Trim(note).empty()) throw InvalidInput("退回评分须填写理由", Where(key));
  return Save(store, actor, key,
              accept ? store::JudgmentState::kChecked : store::JudgmentState::kDraft,
              j->current.value_json, note, j->current.evidence);
}

store::JudgmentRevision AdoptProposal(store::Store& store, const store::Actor& actor,
                                      const store::JudgmentKey& key) {
  RequireMayJudge(store, actor, key);
  std::optional<ReviewProposal> proposal;
  for (const ReviewItem& item : ReviewQueue(store, key.campaign_id, key.unit_id, false, &actor,
                                            /*with_proposals=*/true))
    if (item.key.indicator_id == key.indicator_id && item.key.criterion == key.criterion &&
        item.key.channel == key.channel)
      proposal = item.proposal;
  if (!proposal) throw Conflict("该项目前没有可采纳的系统建议", Where(key));
  std::vector<store::JudgmentEvidence> urls;
  std::string note = "采纳系统建议：" + proposal->basis;
  for (const std::string& e : proposal->evidence) {
    if (internal::IsHttpUrl(e)) {
      if (urls.size() < 50 &&
          std::none_of(urls.begin(), urls.end(), [&](const auto& u) { return u.url == e; }))
        urls.push_back(UrlEvidence(e));
    } else if (note.size() + e.size() < 19000) {
      note += "；" + e;
    }
  }
  return SubmitJudgment(store, actor, key, proposal->value_json, note, urls);
}

std::vector<store::JudgmentRevision> JudgmentHistory(store::Store& store,
                                                     const store::JudgmentKey& key) {
  auto j = store.FindJudgment(key);
  if (!j) throw NotFound("还没有这项评分", Where(key));
  return store.JudgmentRevisions(j->id);
}

// ---- evidence ----

namespace {

struct FileType {
  const char* ext;
  const char* content_type;
};

std::optional<FileType> DetectType(std::string_view b, const std::string& uploaded_name) {
  auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
  if (starts("\x89PNG\r\n\x1a\n")) return FileType{"png", "image/png"};
  if (starts("\xFF\xD8\xFF")) return FileType{"jpg", "image/jpeg"};
  if (starts("GIF87a") || starts("GIF89a")) return FileType{"gif", "image/gif"};
  if (starts("RIFF") && b.size() > 12 && b.substr(8, 4) == "WEBP")
    return FileType{"webp", "image/webp"};
  if (starts("%PDF-")) return FileType{"pdf", "application/pdf"};
  if (starts(std::string_view("PK\x03\x04", 4))) {
    // Office Open XML and OFD are zips whose member names are stored in clear.
    if (b.find("word/document.xml") != std::string_view::npos)
      return FileType{"docx",
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document"};
    if (b.find("xl/workbook.xml") != std::string_view::npos)
      return FileType{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};
    if (b.find("OFD.xml") != std::string_view::npos) return FileType{"ofd", "application/ofd"};
    return std::nullopt;  // other archives are refused
  }
  if (starts(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) {
    std::string lower = uploaded_name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.size() >= 4 &&
        (lower.substr(lower.size() - 4) == ".xls" || lower.substr(lower.size() - 3) == ".et"))
      return FileType{"xls", "application/vnd.ms-excel"};
    return FileType{"doc", "application/msword"};
  }
  return std::nullopt;
}

}  // namespace

EvidenceStore::EvidenceStore(std::filesystem::path dir, size_t max_bytes)
    : dir_(std::move(dir)), max_bytes_(max_bytes) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) throw Error("cannot create the evidence folder: " + ec.message(), dir_.string());
}

store::JudgmentEvidence EvidenceStore::Save(std::string_view bytes,
                                            const std::string& uploaded_name) const {
  if (bytes.empty()) throw InvalidInput("上传的文件为空", uploaded_name);
  if (bytes.size() > max_bytes_)
    throw InvalidInput("上传的文件超过 " + std::to_string(max_bytes_ >> 20) + " MiB",
                       uploaded_name);
  auto type = DetectType(bytes, uploaded_name);
  if (!type)
    throw UnsupportedFileType("不支持的文件类型（仅 png jpg gif webp pdf ofd docx xlsx doc xls）",
                              uploaded_name);
  store::JudgmentEvidence e;
  e.kind = store::JudgmentEvidence::Kind::kFile;
  // Only the base name is kept, capped, as metadata; it never becomes a path.
  std::string base = uploaded_name.substr(uploaded_name.find_last_of("/\\") + 1);
  e.file_name = base.substr(0, 255);
  e.stored_name = store::RandomHex(16) + "." + type->ext;
  e.content_type = type->content_type;
  e.size_bytes = static_cast<int64_t>(bytes.size());
  e.sha256 = store::Sha256Hex(std::string(bytes));
  const std::filesystem::path final_path = dir_ / e.stored_name;
  const std::filesystem::path tmp = dir_ / (e.stored_name + ".part");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw Error("cannot write the evidence file", tmp.string());
  }
  ::chmod(tmp.c_str(), 0640);
  std::error_code ec;
  std::filesystem::rename(tmp, final_path, ec);
  if (ec) throw Error("cannot store the evidence file: " + ec.message(), final_path.string());
  return e;
}

std::filesystem::path EvidenceStore::PathOf(const std::string& stored_name) const {
  if (!std::regex_match(stored_name, StoredNamePattern()))
    throw InvalidInput("不是有效的佐证文件名", "evidence");
  return dir_ / stored_name;
}

std::string EvidenceStore::Read(const std::string& stored_name) const {
  const std::filesystem::path path = PathOf(stored_name);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NotFound("没有这个佐证文件", stored_name);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

store::JudgmentEvidence UrlEvidence(const std::string& url) {
  if (!internal::IsHttpUrl(url)) throw InvalidInput("不是 http(s) 网址", url);
  store::JudgmentEvidence e;
  e.kind = store::JudgmentEvidence::Kind::kUrl;
  e.url = url;
  return e;
}

}  // namespace govscore::platform
