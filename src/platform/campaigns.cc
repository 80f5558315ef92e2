#include "platform/campaigns.h"

#include <algorithm>
#include <map>
#include <set>

#include "platform/errors.h"
#include "platform/frameworks.h"
#include "platform/internal.h"

namespace govscore::platform {
namespace {

using store::CampaignState;

store::Campaign Validated(store::Store& store, const CampaignSpec& spec) {
  if (internal::Trim(spec.name).empty()) throw InvalidInput("评估任务名称不能为空", "name");
  const framework::Framework fw = LoadFrameworkVersion(store, spec.framework_version_id);
  if (spec.unit_ids.empty()) throw InvalidInput("评估任务至少需要一个评估对象", "unit_ids");
  std::set<store::Id> seen;
  for (store::Id id : spec.unit_ids) {
    if (!seen.insert(id).second)
      throw InvalidInput("评估对象（编号 " + std::to_string(id) + "）重复", "unit_ids");
    const store::Unit unit = internal::RequireUnit(store, id);
    if (!fw.object_kinds.empty() && std::find(fw.object_kinds.begin(), fw.object_kinds.end(),
                                              unit.kind) == fw.object_kinds.end()) {
      std::string kinds;
      for (const std::string& k : fw.object_kinds) kinds += (kinds.empty() ? "" : "、") + k;
      throw InvalidInput("评估对象“" + unit.name + "”的类型是“" + unit.kind + "”，指标体系“" +
                             fw.title + "”只适用于" + kinds + "（kind " + unit.kind + "）",
                         "unit_ids");
    }
  }
  if (spec.period_from && spec.period_to && *spec.period_from > *spec.period_to)
    throw InvalidInput("评估周期的结束日期早于开始日期", "period");
  if (spec.period_from && spec.as_of < *spec.period_from)
    throw InvalidInput("监测时间点早于评估周期开始日期", "as_of");
  store::Campaign c;
  c.name = internal::Trim(spec.name);
  c.framework_version_id = spec.framework_version_id;
  c.unit_ids = spec.unit_ids;
  std::sort(c.unit_ids.begin(), c.unit_ids.end());
  c.period_from = spec.period_from;
  c.period_to = spec.period_to;
  c.as_of = spec.as_of;
  c.second_review = spec.second_review;
  return c;
}

bool ScansUnderWay(store::Store& store, store::Id campaign_id) {
  for (const store::Scan& s : store.ListCampaignScans(campaign_id))
    if (s.state == store::ScanState::kQueued || s.state == store::ScanState::kRunning) return true;
  return false;
}

}  // namespace

store::Id CreateCampaign(store::Store& store, const store::Actor& actor, const CampaignSpec& spec) {
  store::Campaign c = Validated(store, spec);
  c.state = CampaignState::kDraft;
  return store.CreateCampaign(actor, c);
}

void UpdateCampaign(store::Store& store, const store::Actor& actor, store::Id campaign_id,
                    const CampaignSpec& spec) {
  const store::Campaign current = internal::RequireCampaign(store, campaign_id);
  if (current.state != CampaignState::kDraft && current.state != CampaignState::kCollecting)
    throw Conflict(std::string("评估任务只能在“草稿”或“数据采集中”时修改，当前为“") +
                       internal::StateLabel(current.state) + "”",
                   "campaign " + std::to_string(campaign_id));
  if (spec.framework_version_id != current.framework_version_id &&
      current.state != CampaignState::kDraft)
    throw Conflict("只有草稿状态的评估任务可以更换指标体系",
                   "campaign " + std::to_string(campaign_id));
  store::Campaign c = Validated(store, spec);
  c.id = campaign_id;
  c.state = current.state;
  store.UpdateCampaign(actor, c);
}

store::Campaign GetCampaign(store::Store& store, store::Id campaign_id) {
  return internal::RequireCampaign(store, campaign_id);
}

void SetCampaignState(store::Store& store, const store::Actor& actor, store::Id campaign_id,
                      CampaignState to) {
  const store::Campaign c = internal::RequireCampaign(store, campaign_id);
  const std::string where = "campaign " + std::to_string(campaign_id);
  const CampaignState from = c.state;
  auto refuse = [&](const std::string& why) {
    throw Conflict(std::string("不能从“") + internal::StateLabel(from) + "”转为“" +
                       internal::StateLabel(to) + "”：" + why,
                   where);
  };
  if (from == to) return;
  switch (to) {
    case CampaignState::kDraft:
      refuse("评估任务不能退回草稿");
      break;
    case CampaignState::kCollecting:
      if (from != CampaignState::kDraft && from != CampaignState::kReviewing)
        refuse("只有草稿或评审中的评估任务可以采集数据");
      if (c.unit_ids.empty()) refuse("评估任务没有评估对象");
      break;
    case CampaignState::kReviewing:
      if (from != CampaignState::kCollecting && from != CampaignState::kPublished)
        refuse("只有数据采集中或已发布的评估任务可以转入评审");
      if (from == CampaignState::kCollecting && ScansUnderWay(store, campaign_id))
        refuse("仍有监测在排队或进行中（queued or running）");
      break;
    case CampaignState::kPublished:
      refuse("请使用“发布结果”发布（会保存得分快照）");
      break;
    case CampaignState::kArchived:
      if (from != CampaignState::kPublished) refuse("只有已发布的评估任务可以归档");
      break;
  }
  store.SetCampaignState(actor, campaign_id, to);
}

CampaignProgress GetCampaignProgress(store::Store& store, store::Id campaign_id) {
  const store::Campaign c = internal::RequireCampaign(store, campaign_id);
  CampaignProgress p;
  p.state = c.state;
  p.units = static_cast<int>(c.unit_ids.size());

  // The newest scan per (unit, website).
  std::map<std::pair<store::Id, std::string>, store::ScanState> newest;
  for (const store::Scan& s : store.ListCampaignScans(campaign_id))  // newest first
    newest.emplace(std::make_pair(s.unit_id, s.site_url), s.state);
  for (const auto& [key, state] : newest) {
    ++p.scans_total;
    switch (state) {
      case store::ScanState::kQueued:
        ++p.scans_queued;
        break;
      case store::ScanState::kRunning:
        ++p.scans_running;
        break;
      case store::ScanState::kDone:
        ++p.scans_done;
        break;
      case store::ScanState::kFailed:
      case store::ScanState::kCancelled:
        ++p.scans_failed;
        break;
    }
  }

  const framework::Framework fw = LoadFrameworkVersion(store, c.framework_version_id);
  const internal::JudgmentIndex judged = internal::JudgmentsByKey(store, campaign_id);
  for (store::Id unit_id : c.unit_ids) {
    const store::Unit unit = internal::RequireUnit(store, unit_id);
    for (const std::string& site : unit.websites)
      if (!newest.count({unit_id, site})) ++p.websites_without_scan;
    for (const ReviewItem& slot : internal::JudgmentSlots(fw, unit, campaign_id)) {
      ++p.judgments_total;
      const store::Judgment* j = internal::Lookup(judged, slot.key);
      if (!j || j->state == store::JudgmentState::kDraft)
        ++p.judgments_open;
      else if (internal::JudgmentFinal(*j, c.second_review))
        ++p.judgments_checked;
      else
        ++p.judgments_submitted;
    }
  }

  if (c.state != CampaignState::kReviewing)
    p.blockers.push_back(std::string("评估任务须处于“评审中”（当前：") +
                         internal::StateLabel(c.state) + "）");
  if (p.scans_queued + p.scans_running > 0)
    p.blockers.push_back("尚有 " + std::to_string(p.scans_queued + p.scans_running) +
                         " 个监测任务未完成");
  if (p.judgments_open > 0)
    p.blockers.push_back("尚有 " + std::to_string(p.judgments_open) + " 项人工评分未提交");
  if (p.judgments_submitted > 0)
    p.blockers.push_back("尚有 " + std::to_string(p.judgments_submitted) + " 项人工评分待复核");
  p.can_publish = p.blockers.empty();
  return p;
}

}  // namespace govscore::platform
