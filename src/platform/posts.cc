#include "platform/posts.h"

#include <algorithm>

#include "checklist/checklist_measures.h"
#include "checklist/newmedia.h"
#include "extract/text.h"
#include "platform/errors.h"
#include "platform/internal.h"
#include "platform/scan_results.h"

namespace govscore::platform {

namespace {

// The per-channel rows of docs/measures.md (channel.{channel}.*) from the
// account's newmedia.* rows.
void AddChannelRows(std::vector<scoring::Measure>& rows, const std::string& channel) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"newmedia.posts_per_day", "posts_per_day"},
      {"newmedia.original_percent", "original_percent"},
      {"newmedia.longest_gap_days", "longest_gap_days"}};
  std::vector<scoring::Measure> extra;
  for (const scoring::Measure& m : rows)
    for (const auto& [from, to] : kNames)
      if (m.name == from) {
        scoring::Measure c = m;
        c.name = "channel." + channel + "." + to;
        c.channel = channel;
        extra.push_back(std::move(c));
      }
  rows.insert(rows.end(), extra.begin(), extra.end());
}

}  // namespace

PostsImport ImportPosts(store::Store& store, const store::Actor& actor, store::Id campaign_id,
                        store::Id unit_id, const std::string& channel, const std::string& file_name,
                        const std::string& content) {
  const std::string where = "campaign " + std::to_string(campaign_id);
  internal::RequireOrganiser(store, actor, "只有管理员和组织者可以导入新媒体发布记录", where);
  const store::Campaign c = internal::RequireCampaign(store, campaign_id);
  if (c.state == store::CampaignState::kPublished || c.state == store::CampaignState::kArchived)
    throw Conflict(
        std::string("评估任务已“") + internal::StateLabel(c.state) + "”，不能再导入发布记录",
        where);
  if (std::find(c.unit_ids.begin(), c.unit_ids.end(), unit_id) == c.unit_ids.end())
    throw NotFound("该评估任务不包含这个评估对象（编号 " + std::to_string(unit_id) + "）", where);
  const store::Unit unit = internal::RequireUnit(store, unit_id);
  if (!channel.empty() &&
      std::none_of(unit.accounts.begin(), unit.accounts.end(),
                   [&](const store::NewMediaAccount& a) { return a.channel == channel; }))
    throw InvalidInput("评估对象“" + unit.name + "”没有登记“" + channel + "”账号", "channel");

  const Date as_of = c.period_to ? *c.period_to : c.as_of;
  const Date from = c.period_from ? *c.period_from : as_of.AddDays(-13);
  std::vector<checklist::Post> posts;
  try {
    posts = text::EndsWith(file_name, ".json") ? checklist::ParsePostsJson(content, file_name)
                                               : checklist::ParsePostsCsv(content, file_name);
  } catch (const Error& e) {
    throw InvalidInput(std::string("发布记录文件无法读取：") + e.what(), e.where());
  }
  std::vector<scoring::Measure> rows = checklist::NewMediaMeasures(unit.code, posts, from, as_of);
  if (!channel.empty()) AddChannelRows(rows, channel);

  PostsImport out;
  out.posts = posts.size();
  out.from = from.ToString();
  out.as_of = as_of.ToString();
  for (const checklist::Post& p : posts) out.in_window += !(p.date < from) && !(as_of < p.date);
  for (const scoring::Measure& m : rows) {
    store::Measure s;
    s.unit_id = unit.id;
    s.campaign_id = campaign_id;
    s.name = m.name;
    s.value_json = MeasureValueToJson(m.value).dump();
    s.channel = channel;
    s.period = m.period;
    s.evidence = m.evidence;
    s.evidence.push_back("发布记录:" + file_name);
    out.measures.push_back(std::move(s));
  }
  const std::vector<store::Id> ids = store.AddMeasures(actor, out.measures);
  for (size_t i = 0; i < ids.size() && i < out.measures.size(); ++i) out.measures[i].id = ids[i];
  return out;
}

}  // namespace govscore::platform
