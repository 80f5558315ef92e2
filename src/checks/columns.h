// Column (栏目) freshness as of the 监测时间点: item counts in the usual windows,
// newest item, mean update interval, and the two defects the indicator systems
// deduct for: empty columns (空白栏目) and stale ones (应更新未更新), judged by
// the column category's limit.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace govscore {

// A freshness limit: a column is stale when its newest item is older than
// as_of minus `months` months minus `days` days.
struct FreshnessLimit {
  int months = 0;
  int days = 0;
  Date OldestFreshDate(Date as_of) const { return as_of.AddMonths(-months).AddDays(-days); }
  std::string ToString() const;  // "14天", "6个月", "1年"
};

struct ColumnCategory {
  std::string name;                   // 动态
  std::vector<std::string> keywords;  // matched as substrings of the column name
  FreshnessLimit limit;
  bool has_limit = true;  // false: classified (政策解读, 互动 …) but no freshness rule
};

// A per-site correction of the classification (a file the user keeps, see
// checklist/column_overrides.h): the column whose URL starts with `url_prefix`
// (the longest prefix wins), or else whose name equals `name`, gets `category`
// ("" = no category, so no freshness rule). `top` says whether it is a
// first-level column (一级栏目) where the automatic guess is wrong.
struct ColumnOverride {
  std::string url_prefix;
  std::string name;
  std::string category;
  bool sets_category = true;  // false: only `top` is corrected
  std::optional<bool> top;
};

// Categories in matching order (the first whose keyword occurs in the column
// name wins). National defaults (国办秘函〔2019〕19号): 政策解读 (no limit, tried
// first so that 政策文件解读 is not a 政策文件 column), 动态/要闻 2 weeks,
// 通知公告/政策文件 6 months, 人事/规划计划 1 year, then without freshness
// limit 财政, 数据发布, 互动, 办事.
struct ColumnRules {
  std::vector<ColumnCategory> categories;
  std::vector<ColumnOverride> overrides;  // tried before the keywords
  static ColumnRules NationalDefaults();
  // The category named `name`, or nullptr.
  const ColumnCategory* Find(std::string_view name) const;
  // The override for a column (longest matching url_prefix, else equal name),
  // or nullptr.
  const ColumnOverride* OverrideFor(std::string_view column_name, std::string_view url) const;
  // Replaces the limit of category `name`; `spec` is "14d", "2w", "6m" or "1y".
  // Throws Error naming the spec when malformed or the category is unknown.
  void SetLimit(std::string_view name, std::string_view spec);
  // The category for a column name (and its ColumnType meta, tried second), or
  // nullptr when no keyword matches (no freshness limit applies).
  // An override for `url`/name wins (nullptr when it says "").
  const ColumnCategory* Categorize(std::string_view column_name, std::string_view column_type = {},
                                   std::string_view url = {}) const;
};

struct ColumnStats {
  std::string name;
  std::string url;
  std::string category;                // empty: no limit applies
  std::string limit;                   // "14天" etc.; empty with no category
  int items = 0;                       // every item listed (dated or not)
  int undated = 0;                     // items without a readable date
  std::optional<Date> newest, oldest;  // over dated items not after as_of
  int within_14_days = 0, within_6_months = 0, within_1_year = 0;
  int items_this_year = 0;  // dated items from 1 January of as_of's year to as_of
  // Dated items not after as_of, by date (date → how many items carry it), so
  // that rules counting items since any date or per (working) day can be
  // evaluated later (docs/measures.md: column.<栏目>.items_since, per_day, …).
  std::map<Date, int> item_dates;
  // (newest - oldest) / (dated items - 1), in days; nullopt with fewer than 2.
  std::optional<double> mean_interval_days;
  bool empty = false;          // no items at all
  bool stale = false;          // not empty, has a category with a limit, newest older than it
                               // (or no dated item at all)
  int days_since_newest = -1;  // as_of - newest, -1 when none
};

// Computes the stats of one column from its item dates (one per distinct item;
// nullopt for an item without a date). Items dated after as_of are counted in
// `items` but ignored for dates and windows.
ColumnStats ComputeColumnStats(std::string name, std::string url, std::string_view column_type,
                               const std::vector<std::optional<Date>>& dates, Date as_of,
                               const ColumnRules& rules);

}  // namespace govscore
