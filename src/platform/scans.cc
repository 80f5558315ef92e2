#include "platform/scans.h"

#include <nlohmann/json.hpp>
#include <set>

#include "output/scan_html.h"
#include "output/scan_json.h"
#include "platform/errors.h"
#include "platform/internal.h"

namespace govscore::platform {

namespace {

bool UnderWay(store::ScanState s) {
  return s == store::ScanState::kQueued || s == store::ScanState::kRunning;
}

}  // namespace

store::Id EnqueueUnitScan(store::Store& store, const store::Actor& actor, store::Id unit_id,
                          const std::string& site_url, std::optional<store::Id> campaign_id) {
  internal::RequireUnit(store, unit_id);
  if (!internal::IsHttpUrl(site_url)) throw InvalidInput("网站地址不是 http(s) 网址", site_url);
  if (campaign_id) internal::RequireCampaign(store, *campaign_id);
  store::Scan scan;
  scan.unit_id = unit_id;
  scan.campaign_id = campaign_id;
  scan.site_url = site_url;
  const store::Id id = store.CreateScan(actor, scan);
  store.EnqueueScanJob(actor, id);
  return id;
}

std::vector<store::Id> EnqueueCampaignScans(store::Store& store, const store::Actor& actor,
                                            store::Id campaign_id, int64_t priority) {
  const store::Campaign c = internal::RequireCampaign(store, campaign_id);
  using State = store::CampaignState;
  if (c.state == State::kPublished || c.state == State::kArchived)
    throw Conflict(std::string("“") + internal::StateLabel(c.state) + "”的评估任务不再采集数据",
                   "campaign " + std::to_string(campaign_id));
  if (c.unit_ids.empty())
    throw Conflict("评估任务没有评估对象", "campaign " + std::to_string(campaign_id));
  std::set<std::pair<store::Id, std::string>> busy;
  for (const store::Scan& s : store.ListCampaignScans(campaign_id))
    if (UnderWay(s.state)) busy.insert({s.unit_id, s.site_url});
  std::vector<store::Id> out;
  for (store::Id unit_id : c.unit_ids) {
    const store::Unit unit = internal::RequireUnit(store, unit_id);
    for (const std::string& site : unit.websites) {
      if (busy.count({unit_id, site})) continue;
      store::Scan scan;
      scan.unit_id = unit_id;
      scan.campaign_id = campaign_id;
      scan.site_url = site;
      const store::Id id = store.CreateScan(actor, scan);
      store.EnqueueScanJob(actor, id, priority);
      out.push_back(id);
    }
  }
  if (c.state != State::kCollecting) store.SetCampaignState(actor, campaign_id, State::kCollecting);
  return out;
}

namespace {

ScanView View(store::Store& store, store::Scan scan) {
  ScanView v;
  if (auto unit = store.FindUnit(scan.unit_id)) {
    v.unit_code = unit->code;
    v.unit_name = unit->name;
  }
  nlohmann::json progress;
  if (scan.progress_json) progress = nlohmann::json::parse(*scan.progress_json, nullptr, false);
  if (progress.is_object()) {
    v.pages_done = progress.value("pages_done", int64_t{0});
    v.links_checked = progress.value("links_checked", int64_t{0});
    v.queued = progress.value("queued", int64_t{0});
    v.errors = progress.value("errors", int64_t{0});
    v.elapsed_s = progress.value("elapsed_s", 0.0);
  }
  if (scan.state == store::ScanState::kDone && scan.summary_json) {
    // The finished scan's summary is authoritative.
    nlohmann::json summary = nlohmann::json::parse(*scan.summary_json, nullptr, false);
    if (summary.is_object()) {
      v.pages_done = summary.value("pages", v.pages_done);
      v.links_checked = summary.value("links_checked", v.links_checked);
      v.errors = summary.value("broken_links", v.errors);
      v.elapsed_s = summary.value("seconds", v.elapsed_s);
      v.queued = 0;
    }
  }
  v.scan = std::move(scan);
  return v;
}

}  // namespace

std::vector<ScanView> ListCampaignScans(store::Store& store, store::Id campaign_id) {
  internal::RequireCampaign(store, campaign_id);
  std::vector<ScanView> out;
  for (store::Scan& s : store.ListCampaignScans(campaign_id))
    out.push_back(View(store, std::move(s)));
  return out;
}

std::vector<ScanView> ListUnitScans(store::Store& store, store::Id unit_id) {
  internal::RequireUnit(store, unit_id);
  std::vector<ScanView> out;
  for (store::Scan& s : store.ListScans(unit_id)) out.push_back(View(store, std::move(s)));
  return out;
}

ScanView GetScan(store::Store& store, store::Id scan_id) {
  auto scan = store.FindScan(scan_id);
  if (!scan) throw NotFound("没有这个监测（编号 " + std::to_string(scan_id) + "）", "scan");
  return View(store, std::move(*scan));
}

std::string ScanReportHtml(store::Store& store, store::Id scan_id) {
  auto scan = store.FindScan(scan_id, true);
  if (!scan) throw NotFound("没有这个监测", "scan " + std::to_string(scan_id));
  if (!scan->document_json)
    throw Conflict("该监测尚未完成，还没有报告", "scan " + std::to_string(scan_id));
  const nlohmann::json doc = nlohmann::json::parse(*scan->document_json, nullptr, false);
  if (doc.is_discarded())
    throw Error("stored scan document is not JSON", "scan " + std::to_string(scan_id));
  return RenderScanHtml(ScanFromJson(doc));
}

}  // namespace govscore::platform
