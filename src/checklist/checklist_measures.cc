#include "checklist/checklist_measures.h"

#include <algorithm>
#include <map>
#include <set>

#include "checks/link_result.h"
#include "extract/page.h"

namespace govscore::checklist {
namespace {

using scoring::ListItem;
using scoring::Measure;
using scoring::MeasureValue;

bool Contains(std::string_view s, std::string_view x) {
  return s.find(x) != std::string_view::npos;
}

std::string Dir(const std::string& url) {
  size_t q = url.find_first_of("?#");
  std::string u = url.substr(0, q);
  size_t slash = u.rfind('/');
  return slash == std::string::npos ? u : u.substr(0, slash + 1);
}

bool NoticeOrPolicy(const std::string& category) {
  return category == "通知公告" || category == "政策文件";
}

std::string Joined(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

class Rows {
 public:
  Rows(std::string unit) : unit_(std::move(unit)) {}
  void Add(std::string name, MeasureValue v, std::vector<std::string> evidence = {}) {
    Measure m;
    m.unit = unit_;
    m.name = std::move(name);
    m.value = std::move(v);
    m.evidence = std::move(evidence);
    m.source = "checklist";
    rows_.push_back(std::move(m));
  }
  void AddDate(std::string name, std::optional<Date> d, std::vector<std::string> evidence = {}) {
    Add(std::move(name), d ? MeasureValue::OfDate(*d) : MeasureValue{}, std::move(evidence));
  }
  std::vector<Measure> Take() { return std::move(rows_); }

 private:
  std::string unit_;
  std::vector<Measure> rows_;
};

ListItem Item(std::string id, std::vector<std::string> evidence = {},
              std::optional<double> value = std::nullopt) {
  ListItem i;
  i.id = std::move(id);
  i.value = value;
  i.evidence = std::move(evidence);
  return i;
}

ListItem ColumnItem(const ColumnStats& c) {
  std::string newest = c.newest ? c.newest->ToString() : "无日期";
  return Item(c.url, {c.name + "（" + (c.category.empty() ? "未分类" : c.category) + "，最新 " +
                      newest + (c.limit.empty() ? "" : "，时限 " + c.limit) + "）"});
}

}  // namespace

bool IsTopLevelColumn(const ColumnStats& column, const std::vector<ColumnStats>& all,
                      const ColumnRules& rules) {
  if (const ColumnOverride* o = rules.OverrideFor(column.name, column.url); o && o->top)
    return *o->top;
  const std::string dir = Dir(column.url);
  for (const ColumnStats& other : all) {
    if (&other == &column || !NoticeOrPolicy(other.category)) continue;
    const std::string od = Dir(other.url);
    if (od.size() < dir.size() && dir.compare(0, od.size(), od) == 0) return false;
  }
  return true;
}

std::vector<Measure> ChecklistMeasures(const ScanReport& scan, const ChecklistFindings& f,
                                       const ColumnRules& rules, const ChecklistMeasureOptions& o) {
  const framework::WorkdayCalendar& calendar =
      o.calendar ? *o.calendar : framework::WorkdayCalendar::Default();
  Rows rows(o.unit);

  // Homepage updates (V3): the homepage's own dated items, else (navigation
  // homepage) the second-level pages'.
  if (f.homepage_dated_items > 0) {
    rows.AddDate("homepage.newest", f.homepage_newest, {"首页列表条目的最新日期"});
  } else {
    rows.AddDate("homepage.newest", f.second_level_newest,
                 {"首页无带日期的条目（导航式首页），取二级页面最新日期"});
  }

  // Columns (V4 and the 发布解读 deductions).
  std::vector<ListItem> news, top, personnel, not_updated;
  std::optional<Date> stats_newest;
  std::vector<std::string> stats_columns;
  double surveys = 0;
  bool consultation_column = false, service_column = false;
  for (const ColumnStats& c : scan.columns) {
    if (c.stale && c.category == "动态") news.push_back(ColumnItem(c));
    if (c.stale && NoticeOrPolicy(c.category) && IsTopLevelColumn(c, scan.columns, rules))
      top.push_back(ColumnItem(c));
    if (c.stale && (c.category == "人事" || c.category == "规划计划"))
      personnel.push_back(ColumnItem(c));
    if (c.stale || c.empty) not_updated.push_back(ColumnItem(c));
    if (Contains(c.name, "办件") || Contains(c.name, "办事统计") || Contains(c.name, "办理情况") ||
        Contains(c.name, "服务统计")) {
      if (c.newest && (!stats_newest || *c.newest > *stats_newest)) stats_newest = c.newest;
      stats_columns.push_back(c.url);
    }
    if ((Contains(c.name, "征集") || Contains(c.name, "调查")) && !Contains(c.name, "结果"))
      surveys += c.within_1_year;
    if (IsConsultationColumn(c.name)) consultation_column = true;
    if (c.category == "办事") service_column = true;
  }
  const double key_count = static_cast<double>(news.size() + top.size());
  rows.Add("columns.stale_news", MeasureValue::List(news));
  rows.Add("columns.stale_notice_policy_top", MeasureValue::List(top));
  rows.Add("columns.stale_personnel_plan", MeasureValue::List(personnel));
  rows.Add("columns.stale_key_count", MeasureValue::Number(key_count),
           {"动态要闻类2周未更新 " + std::to_string(news.size()) +
            " 个 + 通知公告/政策文件类一级栏目6个月未更新 " + std::to_string(top.size()) + " 个"});
  rows.Add("columns.not_updated", MeasureValue::List(not_updated));
  rows.AddDate("service.stats_newest", stats_newest, stats_columns);
  rows.Add("interaction.surveys_1y", MeasureValue::Number(surveys),
           {"征集调查类栏目监测时间点前1年内的条目数"});

  // Links on pages other than the homepage.
  std::set<std::string> home;
  home.insert(scan.site);
  for (const PageRecord& p : scan.pages) {
    if (p.kind != PageKind::kHome) continue;
    home.insert(p.url);
    if (!p.final_url.empty()) home.insert(p.final_url);
  }
  std::set<std::string> guide_urls;
  for (const GuideRecord& g : f.guides) guide_urls.insert(g.url);
  std::vector<ListItem> nonhome, download_failed;
  for (const LinkRecord& l : scan.links) {
    if (!IsBroken(l.result)) continue;
    bool on_home = std::any_of(l.sources.begin(), l.sources.end(),
                               [&](const std::string& s) { return home.count(s) > 0; });
    if (!on_home && !l.sources.empty()) {
      std::vector<std::string> ev(l.sources.begin(),
                                  l.sources.begin() + std::min<size_t>(l.sources.size(), 5));
      nonhome.push_back(Item(l.target, ev));
    }
    if (IsAttachmentHref(l.target)) {
      std::vector<std::string> on_guides;
      for (const std::string& s : l.sources)
        if (guide_urls.count(s)) on_guides.push_back(s);
      if (!on_guides.empty()) download_failed.push_back(Item(l.target, on_guides));
    }
  }
  rows.Add("links.broken_nonhome", MeasureValue::List(nonhome));

  // Interaction (V5 and 互动交流).
  InteractionOptions io;
  io.as_of = o.as_of;
  io.reply_limit_workdays = o.reply_limit_workdays;
  InteractionSummary s = SummarizeInteraction(f.messages, io, calendar);
  const bool channel = f.consultation_entry || consultation_column || !f.messages.empty();
  rows.Add("interaction.channel", MeasureValue::Bool(channel),
           {channel ? "首页咨询入口、咨询类栏目或留言页面" : "未发现咨询建言入口、栏目或留言页面"});
  auto message_items = [&](const std::vector<const Message*>& list) {
    std::vector<ListItem> items;
    for (const Message* m : list) {
      std::optional<double> wd;
      for (const MessageVerdict& v : s.messages)
        if (v.message == m && v.reply_workdays) wd = static_cast<double>(*v.reply_workdays);
      std::string ev = "留言 " + m->asked->ToString() + "，" +
                       (m->replied ? "答复 " + m->replied->ToString() : std::string("未答复"));
      if (wd) ev += "，用时 " + std::to_string(static_cast<long>(*wd)) + " 个工作日";
      std::vector<std::string> evidence = {m->url, ev};
      if (!m->excerpt.empty()) evidence.push_back(m->excerpt);
      items.push_back(Item(m->url, evidence, wd));
    }
    return items;
  };
  rows.Add("interaction.unanswered_3m", MeasureValue::List(message_items(s.unanswered_3m)));
  rows.Add("interaction.overdue", MeasureValue::List(message_items(s.overdue)),
           {"时限 " + std::to_string(o.reply_limit_workdays) + " 个工作日"});
  // The median's evidence: the summary, then the answered messages (URL, dates,
  // working days; first 20).
  std::vector<std::string> reply_evidence = {"已答复留言 " + std::to_string(s.answered) +
                                             " 条的答复用时中位数（工作日）"};
  for (const MessageVerdict& v : s.messages) {
    if (!v.reply_workdays || reply_evidence.size() > 20) continue;
    reply_evidence.push_back(v.message->url + " 留言 " + v.message->asked->ToString() + "，答复 " +
                             v.message->replied->ToString() + "，" +
                             std::to_string(*v.reply_workdays) + " 个工作日");
  }
  rows.Add(
      "interaction.reply_workdays",
      s.median_reply_workdays ? MeasureValue::Number(*s.median_reply_workdays) : MeasureValue{},
      reply_evidence);
  rows.AddDate("interaction.newest_reply", s.newest_reply);

  // Services (V6 and 办事服务).
  const bool service = f.service_entry || service_column || !f.guides.empty();
  rows.Add("service.present", MeasureValue::Bool(service));
  std::map<std::string, std::vector<std::string>> missing_classes, missing_further;
  std::vector<ListItem> elements_missing, vague, unspecified;
  for (const GuideRecord& g : f.guides) {
    for (const std::string& m : g.check.further_missing) missing_further[m].push_back(g.url);
    for (const std::string& m : g.check.missing) {
      missing_classes[m].push_back(g.url);
      elements_missing.push_back(
          Item(g.url + "#" + m,
               {g.url, g.title + " 缺少“" + m + "”（有：" + Joined(g.check.present, "、") + "）"}));
    }
    if (!g.check.vague.empty()) {
      std::vector<std::string> ev = {g.url, g.title + "：" + Joined(g.check.vague, "、")};
      for (const std::string& x : g.check.vague_excerpts) ev.push_back(x);
      vague.push_back(Item(g.url, ev, static_cast<double>(g.check.vague.size())));
    }
    if (!g.check.unspecified.empty())
      unspecified.push_back(
          Item(g.url, g.check.unspecified, static_cast<double>(g.check.unspecified.size())));
  }
  std::vector<ListItem> classes;
  for (const std::string& c : GuideElementClasses()) {
    auto it = missing_classes.find(c);
    if (it == missing_classes.end()) continue;
    std::vector<std::string> ev(it->second.begin(),
                                it->second.begin() + std::min<size_t>(it->second.size(), 5));
    classes.push_back(Item(c, ev, static_cast<double>(it->second.size())));
  }
  rows.Add("guide.missing_classes", MeasureValue::List(classes),
           {"检查办事指南 " + std::to_string(f.guides.size()) + " 个"});
  rows.Add("guide.elements_missing", MeasureValue::List(elements_missing));
  // Element by element (frameworks that score each element as passed guides /
  // checked guides, e.g. gx2019-yth 办事指南准确度): the guides checked and, per
  // class, how many lack it (0 when none does).
  rows.Add("guide.checked", MeasureValue::Number(static_cast<double>(f.guides.size())),
           {"检查办事指南 " + std::to_string(f.guides.size()) + " 个"});
  auto add_missing = [&](const std::vector<std::string>& names,
                         const std::map<std::string, std::vector<std::string>>& missing) {
    for (const std::string& c : names) {
      auto it = missing.find(c);
      const size_t n = it == missing.end() ? 0 : it->second.size();
      std::vector<std::string> ev = {"缺少“" + c + "”的办事指南 " + std::to_string(n) + " 个"};
      if (n > 0)
        ev.insert(ev.end(), it->second.begin(), it->second.begin() + std::min<size_t>(n, 20));
      rows.Add("guide.missing." + c, MeasureValue::Number(static_cast<double>(n)), std::move(ev));
    }
  };
  add_missing(GuideElementClasses(), missing_classes);
  add_missing(GuideFurtherElements(), missing_further);
  rows.Add("guide.vague", MeasureValue::List(vague));
  rows.Add("guide.material_unspecified", MeasureValue::List(unspecified));
  rows.Add("guide.download_failed", MeasureValue::List(download_failed));

  // Dictionary hits: errors.serious and errors.general by level, and
  // content.suspect_terms (every hit, either level). Without a dictionary the
  // lists are empty and their evidence says no entry was looked for.
  std::vector<ListItem> serious, general, suspect;
  for (const ErrorHit& e : f.errors) {
    std::vector<std::string> ev = {e.url, e.context};
    if (!e.correct.empty()) ev.push_back("应为：" + e.correct);
    if (!e.category.empty()) ev.push_back("类别：" + e.category);
    ListItem item = Item(e.url + "#" + std::to_string(e.offset) + ":" + e.word, ev);
    suspect.push_back(item);
    suspect.back().evidence.push_back(e.serious ? "严重错误" : "一般错误");
    (e.serious ? serious : general).push_back(std::move(item));
  }
  const std::string dictionary_note =
      f.dictionary_entries ? "词典条目 " + std::to_string(f.dictionary_entries) + " 条"
                           : std::string("未配置词典（未检查）");
  rows.Add("errors.serious", MeasureValue::List(serious), {dictionary_note});
  rows.Add("errors.general", MeasureValue::List(general), {dictionary_note});
  rows.Add("content.suspect_terms", MeasureValue::List(suspect), {dictionary_note});
  return rows.Take();
}

std::vector<Measure> NewMediaMeasures(const std::string& unit, const std::vector<Post>& posts,
                                      Date from, Date as_of, const NewMediaSample& sample) {
  PostStats s = ComputePostStats(posts, from, as_of);
  Rows rows(unit);
  const std::string window = from.ToString() + "至" + as_of.ToString();
  const std::string counted =
      window + "发布 " + std::to_string(s.posts) + " 条，共 " + std::to_string(s.days) + " 天";
  rows.AddDate("newmedia.newest_post", s.newest);
  rows.Add("newmedia.posts_per_day", MeasureValue::Number(s.per_day), {counted});
  rows.Add("newmedia.posts_per_week", MeasureValue::Number(s.per_week), {counted});
  rows.Add("newmedia.longest_gap_days", MeasureValue::Number(s.longest_gap_days), {window});
  rows.Add("newmedia.update_tier", MeasureValue::Text(UpdateTier(s.longest_gap_days)),
           {window + "最长间隔 " + std::to_string(s.longest_gap_days) + " 天"});
  if (sample.size > 0) {
    std::vector<const Post*> drawn = SamplePosts(posts, from, as_of, sample.size, sample.seed);
    if (!drawn.empty()) {
      int original = 0;
      std::vector<std::string> ev = {window + "随机抽取 " + std::to_string(drawn.size()) +
                                     " 条（种子 " + std::to_string(sample.seed) + "）"};
      for (const Post* p : drawn) {
        original += *p->original ? 1 : 0;
        ev.push_back(p->time + " " + (p->url.empty() ? p->title : p->url) + " " +
                     (*p->original ? "原创" : "转载"));
      }
      rows.Add("newmedia.original_percent",
               MeasureValue::Number(100.0 * original / static_cast<double>(drawn.size())), ev);
    }
  } else if (s.original_percent) {
    rows.Add("newmedia.original_percent", MeasureValue::Number(*s.original_percent), {window});
  }
  return rows.Take();
}

nlohmann::json MeasuresToJson(const std::vector<Measure>& measures) {
  nlohmann::json rows = nlohmann::json::array();
  for (const Measure& m : measures) {
    nlohmann::json r = {{"unit", m.unit}, {"name", m.name}};
    const MeasureValue& v = m.value;
    switch (v.type) {
      case MeasureValue::Type::kNull:
        r["value"] = nullptr;
        break;
      case MeasureValue::Type::kNumber:
        r["value"] = v.number;
        break;
      case MeasureValue::Type::kBool:
        r["value"] = v.flag;
        break;
      case MeasureValue::Type::kDate:
        r["value"] = v.date.ToString();
        break;
      case MeasureValue::Type::kText:
        r["value"] = v.text;
        break;
      case MeasureValue::Type::kList: {
        nlohmann::json items = nlohmann::json::array();
        for (const ListItem& i : v.items) {
          nlohmann::json item = {{"id", i.id}};
          if (i.value) item["value"] = *i.value;
          if (!i.evidence.empty()) item["evidence"] = i.evidence;
          items.push_back(item);
        }
        r["value"] = items;
        break;
      }
    }
    if (!m.evidence.empty()) r["evidence"] = m.evidence;
    if (!m.period.empty()) r["period"] = m.period;
    if (!m.channel.empty()) r["channel"] = m.channel;
    rows.push_back(r);
  }
  return {{"schema", "govscore.measures/1"}, {"measures", rows}};
}

}  // namespace govscore::checklist
