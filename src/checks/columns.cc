#include "checks/columns.h"

#include <algorithm>

#include "core/error.h"

namespace govscore {

std::string FreshnessLimit::ToString() const {
  if (months > 0 && months % 12 == 0 && days == 0) return std::to_string(months / 12) + "年";
  if (months > 0 && days == 0) return std::to_string(months) + "个月";
  if (months == 0) return std::to_string(days) + "天";
  return std::to_string(months) + "个月" + std::to_string(days) + "天";
}

ColumnRules ColumnRules::NationalDefaults() {
  ColumnRules r;
  r.categories = {
      {"政策解读", {"政策解读", "解读", "图解", "答记者问"}, {}, false},
      {"动态", {"动态", "要闻", "新闻", "资讯", "快讯", "工作信息"}, {0, 14}},
      {"通知公告", {"通知公告", "通知", "公告", "公示"}, {6, 0}},
      {"政策文件", {"政策文件", "规范性文件", "文件"}, {6, 0}},
      {"人事", {"人事", "任免"}, {12, 0}},
      {"规划计划", {"规划", "计划"}, {12, 0}},
      {"财政", {"财政", "预算", "决算", "三公经费"}, {}, false},
      {"数据发布", {"数据发布", "统计数据", "统计信息", "数据开放", "统计公报"}, {}, false},
      {"互动", {"互动", "咨询", "留言", "信箱", "问政", "建言", "征集", "调查", "访谈"}, {}, false},
      {"办事", {"办事", "办件", "政务服务", "服务事项", "便民服务"}, {}, false},
  };
  return r;
}

void ColumnRules::SetLimit(std::string_view name, std::string_view spec) {
  auto it = std::find_if(categories.begin(), categories.end(),
                         [&](const ColumnCategory& c) { return c.name == name; });
  if (it == categories.end()) {
    std::string known;
    for (const ColumnCategory& k : categories) known += " " + k.name;
    throw Error("unknown column category (known:" + known + ")", std::string(name));
  }
  if (spec.size() < 2)
    throw Error("freshness limit must look like 14d, 2w, 6m or 1y", std::string(spec));
  int n = 0;
  for (char c : spec.substr(0, spec.size() - 1)) {
    if (c < '0' || c > '9')
      throw Error("freshness limit must look like 14d, 2w, 6m or 1y", std::string(spec));
    n = n * 10 + (c - '0');
    if (n > 100000) throw Error("freshness limit too large", std::string(spec));
  }
  switch (spec.back()) {
    case 'd':
      it->limit = {0, n};
      break;
    case 'w':
      it->limit = {0, 7 * n};
      break;
    case 'm':
      it->limit = {n, 0};
      break;
    case 'y':
      it->limit = {12 * n, 0};
      break;
    default:
      throw Error("freshness limit must look like 14d, 2w, 6m or 1y", std::string(spec));
  }
  it->has_limit = true;
}

const ColumnCategory* ColumnRules::Find(std::string_view name) const {
  for (const ColumnCategory& c : categories)
    if (c.name == name) return &c;
  return nullptr;
}

const ColumnOverride* ColumnRules::OverrideFor(std::string_view column_name,
                                               std::string_view url) const {
  const ColumnOverride* best = nullptr;
  for (const ColumnOverride& o : overrides) {
    if (!o.url_prefix.empty() && !url.empty() &&
        url.substr(0, o.url_prefix.size()) == o.url_prefix &&
        (!best || best->url_prefix.size() < o.url_prefix.size()))
      best = &o;
  }
  if (best) return best;
  for (const ColumnOverride& o : overrides)
    if (o.url_prefix.empty() && !o.name.empty() && o.name == column_name) return &o;
  return nullptr;
}

const ColumnCategory* ColumnRules::Categorize(std::string_view column_name,
                                              std::string_view column_type,
                                              std::string_view url) const {
  const ColumnOverride* o = OverrideFor(column_name, url);
  if (o && o->sets_category) return Find(o->category);
  for (std::string_view text : {column_name, column_type}) {
    if (text.empty()) continue;
    for (const ColumnCategory& c : categories) {
      for (const std::string& k : c.keywords) {
        if (text.find(k) != std::string_view::npos) return &c;
      }
    }
  }
  return nullptr;
}

ColumnStats ComputeColumnStats(std::string name, std::string url, std::string_view column_type,
                               const std::vector<std::optional<Date>>& dates, Date as_of,
                               const ColumnRules& rules) {
  ColumnStats s;
  s.name = std::move(name);
  s.url = std::move(url);
  const ColumnCategory* category = rules.Categorize(s.name, column_type, s.url);
  if (category) {
    s.category = category->name;
    if (category->has_limit) s.limit = category->limit.ToString();
  }
  s.items = static_cast<int>(dates.size());
  s.empty = dates.empty();
  const Date d14 = as_of.AddDays(-14), m6 = as_of.AddMonths(-6), y1 = as_of.AddYears(-1);
  const Date jan1 = Date::FromYmd(as_of.year(), 1, 1);
  int dated = 0;
  for (const std::optional<Date>& d : dates) {
    if (!d) {
      ++s.undated;
      continue;
    }
    if (*d > as_of) continue;
    ++dated;
    if (!s.newest || *d > *s.newest) s.newest = *d;
    if (!s.oldest || *d < *s.oldest) s.oldest = *d;
    if (*d >= d14) ++s.within_14_days;
    if (*d >= m6) ++s.within_6_months;
    if (*d >= y1) ++s.within_1_year;
    if (*d >= jan1) ++s.items_this_year;
    ++s.item_dates[*d];
  }
  if (dated >= 2) {
    s.mean_interval_days =
        static_cast<double>(s.oldest->DaysUntil(*s.newest)) / static_cast<double>(dated - 1);
  }
  if (s.newest) s.days_since_newest = static_cast<int>(s.newest->DaysUntil(as_of));
  if (!s.empty && category && category->has_limit) {
    s.stale = !s.newest || *s.newest < category->limit.OldestFreshDate(as_of);
  }
  return s;
}

}  // namespace govscore
