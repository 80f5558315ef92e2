// The national checklist's measures (docs/measures.md §3) of one unit, from a
// scan (columns, links) and the page findings a ChecklistCollector gathered
// during it; and of one new-media account from its imported post list. The
// result is ordinary measure rows (govscore.measures/1) that `govscore score
// --framework gb2019-website` reads next to the scan document.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "checklist/collector.h"
#include "checklist/interaction.h"
#include "checklist/newmedia.h"
#include "checks/columns.h"
#include "core/date.h"
#include "crawl/scan_report.h"
#include "framework/calendar.h"
#include "scoring/inputs.h"

namespace govscore::checklist {

struct ChecklistMeasureOptions {
  std::string unit;  // units.csv id
  Date as_of;
  int reply_limit_workdays = 10;  // interaction.overdue
  // nullptr = framework::WorkdayCalendar::Default().
  const framework::WorkdayCalendar* calendar = nullptr;
};

// Whether a 通知公告/政策文件 column is a first-level column (一级栏目): the
// override's `top` when given, else true unless the list-page directory of
// another column of the same category group is a proper prefix of its own
// (then it is a sub-column of that one).
bool IsTopLevelColumn(const ColumnStats& column, const std::vector<ColumnStats>& all,
                      const ColumnRules& rules);

// Column, link, homepage, interaction, service-guide and dictionary measures:
// homepage.newest, columns.stale_news, columns.stale_notice_policy_top,
// columns.stale_personnel_plan, columns.stale_key_count, columns.not_updated,
// links.broken_nonhome, interaction.channel, interaction.unanswered_3m,
// interaction.overdue, interaction.reply_workdays, interaction.newest_reply,
// interaction.surveys_1y, service.present, service.stats_newest,
// guide.missing_classes, guide.elements_missing, guide.vague,
// guide.material_unspecified, guide.download_failed, errors.serious,
// errors.general, content.suspect_terms. (columns.empty, links.broken_homepage, footer.* come from
// the scan document itself, src/scoring/scan_measures.cc.)
std::vector<scoring::Measure> ChecklistMeasures(const ScanReport& scan,
                                                const ChecklistFindings& findings,
                                                const ColumnRules& rules,
                                                const ChecklistMeasureOptions& options);

struct NewMediaSample {
  size_t size = 0;    // 0: originality over every post that says
  uint64_t seed = 1;  // SamplePosts seed (recorded in the evidence)
};

// newmedia.newest_post, newmedia.posts_per_day, newmedia.posts_per_week,
// newmedia.longest_gap_days, newmedia.update_tier (text, UpdateTier) and — when
// the export says — newmedia.original_percent, for posts in [from, as_of]. With
// a sample size, originality is judged over SamplePosts(size, seed) and the
// evidence names the seed and the sampled posts.
std::vector<scoring::Measure> NewMediaMeasures(const std::string& unit,
                                               const std::vector<Post>& posts, Date from,
                                               Date as_of, const NewMediaSample& sample = {});

// A govscore.measures/1 document of the rows (lists as [{id, value?, evidence}]).
nlohmann::json MeasuresToJson(const std::vector<scoring::Measure>& measures);

}  // namespace govscore::checklist
