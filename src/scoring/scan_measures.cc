#include "scoring/scan_measures.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.h"
#include "framework/measure_registry.h"

namespace govscore::scoring {

std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of(":/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return host;
}

namespace {

std::string Str(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_string()) return {};
  return obj[key].get<std::string>();
}

// Accumulates measures for one unit.
class Builder {
 public:
  Builder(std::string unit, std::string source)
      : unit_(std::move(unit)), source_(std::move(source)) {}
  void Add(const std::string& name, MeasureValue value, std::vector<std::string> evidence = {}) {
    out_.push_back({unit_, name, std::move(value), std::move(evidence), "", "", source_});
  }
  std::vector<Measure> Take() { return std::move(out_); }

 private:
  std::string unit_;
  std::string source_;
  std::vector<Measure> out_;
};

MeasureValue BrokenLinks(const nlohmann::json& links, const std::string& only_source) {
  std::map<std::string, ListItem> by_target;
  for (const nlohmann::json& link : links) {
    // `broken` is false only for redirect_ok; older documents may lack it.
    std::string result = Str(link, "result");
    bool broken = link.contains("broken") && link["broken"].is_boolean()
                      ? link["broken"].get<bool>()
                      : !(result.empty() || result == "ok" || result == "redirect_ok");
    if (!broken) continue;
    std::string source = Str(link, "source");
    if (!only_source.empty() && source != only_source) continue;
    std::string target = Str(link, "target");
    ListItem& item = by_target[target];
    item.id = target;
    item.value = 1;
    if (!source.empty() &&
        std::find(item.evidence.begin(), item.evidence.end(), source) == item.evidence.end())
      item.evidence.push_back(source);
  }
  std::vector<ListItem> items;
  for (auto& [target, item] : by_target) items.push_back(std::move(item));
  return MeasureValue::List(std::move(items));
}

std::string Num(double v) { return MeasureValue::Number(v).ToString(); }

// The column's `dates` object ({"2024-06-28": 2, …}) added into `into`
// (date → count). Returns false when the scan has no per-item dates (older
// documents), so that nothing is derived from them.
bool AddItemDates(const nlohmann::json& column, std::map<Date, double>& into) {
  if (!column.contains("dates") || !column["dates"].is_object()) return false;
  for (const auto& [text, count] : column["dates"].items()) {
    std::optional<Date> d = Date::Parse(text);
    if (d && count.is_number()) into[*d] += count.get<double>();
  }
  return true;
}

MeasureValue DatesList(const std::map<Date, double>& dates) {
  std::vector<ListItem> items;
  for (const auto& [date, count] : dates) items.push_back({date.ToString(), count, {}});
  return MeasureValue::List(std::move(items));
}

// "column.政务动态.dates" → "column.政务动态."; "" when not a dates measure.
std::string DatesPrefix(const std::string& name) {
  static const std::string kSuffix = ".dates";
  if (name.size() <= kSuffix.size() ||
      name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
    return {};
  if (name.rfind("column.", 0) != 0 && name.rfind("category.", 0) != 0) return {};
  return name.substr(0, name.size() - kSuffix.size() + 1);
}

}  // namespace

bool ScanProvides(const std::string& measure_name) {
  static const std::vector<std::string> kPatterns = {
      "site.available",         "site.pages",       "links.broken",
      "links.broken_homepage",  "columns.empty",    "columns.stale",
      "privacy.leaks",          "footer.site_code", "footer.icp",
      "footer.police_record",   "footer.sponsor",   "footer.error_report_link",
      "footer.party_gov_label", "footer.contact"};
  static const std::vector<std::string> kColumnFacts = {
      "exists", "items",       "newest",  "empty",      "stale", "days_since_update",
      "dates",  "items_since", "per_day", "per_workday"};
  for (const std::string& p : kPatterns)
    if (p == measure_name) return true;
  for (const char* prefix : {"column.<栏目>.", "category.<栏目>."})
    for (const std::string& fact : kColumnFacts)
      if (framework::MeasureNameMatches(prefix + fact, measure_name)) return true;
  return false;
}

std::vector<Measure> DeriveDatedMeasures(const std::vector<Measure>& measures, Date from,
                                         Date as_of, const framework::WorkdayCalendar& calendar) {
  std::set<std::pair<std::string, std::string>> present;  // (unit, name)
  for (const Measure& m : measures) present.insert({m.unit, m.name});
  const double days = static_cast<double>(from.DaysUntil(as_of) + 1);
  const double workdays = static_cast<double>(calendar.WorkdaysBetween(from.AddDays(-1), as_of));
  const std::string period = "（" + from.ToString() + " 至 " + as_of.ToString() + "）";
  std::vector<Measure> out;
  for (const Measure& m : measures) {
    std::string prefix = DatesPrefix(m.name);
    if (prefix.empty() || m.value.type != MeasureValue::Type::kList || !m.period.empty()) continue;
    double since = 0;
    for (const ListItem& item : m.value.items) {
      std::optional<Date> d = Date::Parse(item.id);
      if (d && *d >= from && *d <= as_of) since += item.value.value_or(1);
    }
    auto add = [&](const char* what, MeasureValue v, const std::string& note) {
      std::string name = prefix + what;
      if (present.count({m.unit, name})) return;  // an imported value wins
      out.push_back(
          {m.unit, name, std::move(v), m.evidence, "", m.channel, m.source + "（" + note + "）"});
    };
    add("items_since", MeasureValue::Number(since),
        "扫描所得条目日期，" + period + "共 " + Num(since) + " 条");
    if (days > 0)
      add("per_day", MeasureValue::Number(since / days),
          period + Num(since) + " 条 ÷ " + Num(days) + " 天");
    if (workdays > 0)
      add("per_workday", MeasureValue::Number(since / workdays),
          period + Num(since) + " 条 ÷ " + Num(workdays) + " 个工作日");
  }
  return out;
}

std::vector<Measure> MeasuresFromScan(const nlohmann::json& scan, const std::string& path,
                                      const std::vector<Unit>& units, const std::string& unit_id) {
  std::string site = Str(scan, "site");
  std::string unit = unit_id;
  if (unit.empty()) {
    std::string host = HostOf(site);
    for (const Unit& u : units) {
      if (!u.site.empty() && HostOf(u.site) == host) {
        if (!unit.empty()) throw Error("several units have the scanned site " + host, path);
        unit = u.id;
      }
    }
    if (unit.empty())
      throw Error("no unit in units.csv has the scanned site '" + site + "' (or pass --unit)",
                  path);
  }
  Builder b(unit, path);
  const nlohmann::json empty = nlohmann::json::array();
  const nlohmann::json& pages = scan.contains("pages") ? scan["pages"] : empty;
  const nlohmann::json& links = scan.contains("links") ? scan["links"] : empty;
  const nlohmann::json& columns = scan.contains("columns") ? scan["columns"] : empty;

  bool available = false;
  for (const nlohmann::json& p : pages)
    if (Str(p, "url") == site && p.value("status", 0) == 200) available = true;
  b.Add("site.available", MeasureValue::Bool(available), {site});
  b.Add("site.pages", MeasureValue::Number(static_cast<double>(pages.size())));
  b.Add("links.broken", BrokenLinks(links, ""));
  b.Add("links.broken_homepage", BrokenLinks(links, site));

  std::vector<ListItem> empty_cols, stale_cols;
  struct Category {
    bool exists = false;
    double items = 0;
    std::optional<Date> newest;
    bool all_stale = true, all_empty = true;
    bool has_dates = false;
    std::map<Date, double> dates;
  };
  std::map<std::string, Category> categories;
  for (const nlohmann::json& c : columns) {
    std::string name = Str(c, "name");
    if (name.empty()) continue;
    std::string url = Str(c, "url");
    std::string prefix = "column." + name + ".";
    bool is_empty = c.value("empty", false);
    bool is_stale = c.value("stale", false);
    b.Add(prefix + "exists", MeasureValue::Bool(true), {url});
    if (c.contains("items") && c["items"].is_number())
      b.Add(prefix + "items", MeasureValue::Number(c["items"].get<double>()), {url});
    std::optional<Date> newest = Date::Parse(Str(c, "newest"));
    b.Add(prefix + "newest", newest ? MeasureValue::OfDate(*newest) : MeasureValue{}, {url});
    b.Add(prefix + "empty", MeasureValue::Bool(is_empty), {url});
    b.Add(prefix + "stale", MeasureValue::Bool(is_stale), {url});
    if (c.contains("days_since_newest") && c["days_since_newest"].is_number())
      b.Add(prefix + "days_since_update",
            MeasureValue::Number(c["days_since_newest"].get<double>()), {url});
    std::map<Date, double> dates;
    bool has_dates = AddItemDates(c, dates);
    if (has_dates) b.Add(prefix + "dates", DatesList(dates), {url});
    if (is_empty) empty_cols.push_back({name, 1, {url}});
    if (is_stale) stale_cols.push_back({name, 1, {url}});
    std::string category = Str(c, "category");
    if (!category.empty()) {
      Category& cat = categories[category];
      cat.exists = true;
      cat.items += c.value("items", 0.0);
      if (newest && (!cat.newest || *newest > *cat.newest)) cat.newest = newest;
      cat.all_stale = cat.all_stale && is_stale;
      cat.all_empty = cat.all_empty && is_empty;
      cat.has_dates = cat.has_dates || has_dates;
      for (const auto& [d, n] : dates) cat.dates[d] += n;
    }
  }
  b.Add("columns.empty", MeasureValue::List(empty_cols));
  b.Add("columns.stale", MeasureValue::List(stale_cols));
  for (const auto& [name, cat] : categories) {
    std::string prefix = "category." + name + ".";
    b.Add(prefix + "exists", MeasureValue::Bool(true));
    b.Add(prefix + "items", MeasureValue::Number(cat.items));
    b.Add(prefix + "newest", cat.newest ? MeasureValue::OfDate(*cat.newest) : MeasureValue{});
    b.Add(prefix + "stale", MeasureValue::Bool(cat.all_stale));
    b.Add(prefix + "empty", MeasureValue::Bool(cat.all_empty));
    if (cat.has_dates) b.Add(prefix + "dates", DatesList(cat.dates));
  }

  if (scan.contains("footer") && scan["footer"].is_object()) {
    const nlohmann::json& f = scan["footer"];
    for (const char* key : {"site_code", "icp", "police_record", "sponsor"}) {
      std::string v = Str(f, key);
      b.Add(std::string("footer.") + key, v.empty() ? MeasureValue{} : MeasureValue::Text(v));
    }
    for (const char* key : {"error_report_link", "party_gov_label", "contact"}) {
      if (!f.contains(key)) continue;
      const nlohmann::json& v = f[key];
      bool present = v.is_boolean()
                         ? v.get<bool>()
                         : (v.is_string() ? !v.get<std::string>().empty() : !v.is_null());
      b.Add(std::string("footer.") + key, MeasureValue::Bool(present));
    }
  }
  if (scan.contains("privacy") && scan["privacy"].is_array()) {
    std::vector<ListItem> leaks;
    // Every entry is a leak; `masked` is the masked value (a string), not a flag.
    for (const nlohmann::json& p : scan["privacy"]) {
      std::string url = Str(p, "url");
      leaks.push_back({url + "#" + Str(p, "kind") + "#" + Str(p, "masked"), 1, {url}});
    }
    b.Add("privacy.leaks", MeasureValue::List(std::move(leaks)));
  }
  return b.Take();
}

}  // namespace govscore::scoring
