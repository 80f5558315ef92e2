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
// Also "survey.dates" → "survey." and "survey.collection_dates" → "survey.collection_".
std::string DatesPrefix(const std::string& name) {
  if (name == "survey.collection_dates") return "survey.collection_";
  static const std::string kSuffix = ".dates";
  if (name.size() <= kSuffix.size() ||
      name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
    return {};
  if (name.rfind("column.", 0) != 0 && name.rfind("category.", 0) != 0 && name != "survey.dates")
    return {};
  return name.substr(0, name.size() - kSuffix.size() + 1);
}

double Percent(double part, double whole) { return whole > 0 ? 100.0 * part / whole : 0; }

std::vector<std::string> Strings(const nlohmann::json& obj, const char* key) {
  std::vector<std::string> out;
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_array()) return out;
  for (const nlohmann::json& v : obj[key])
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

MeasureValue UrlList(const std::vector<std::string>& urls) {
  std::vector<ListItem> items;
  for (const std::string& u : urls) items.push_back({u, 1, {u}});
  return MeasureValue::List(std::move(items));
}

// True when `link` (a host, or a URL prefix) is among the external hosts.
bool RequiredLinkFound(const std::string& link, const nlohmann::json& hosts,
                       std::string* evidence) {
  const bool is_url = link.find("://") != std::string::npos;
  const std::string want = is_url ? HostOf(link) : HostOf("http://" + link);
  for (const nlohmann::json& h : hosts) {
    if (Str(h, "host") != want) continue;
    // A URL prefix beyond the host is judged on the first URL seen (the scan
    // keeps one per host); the host alone decides otherwise.
    std::string url = Str(h, "url");
    if (is_url && link.size() > 8 + want.size() + 1 && url.rfind(link, 0) != 0) {
      std::string rest = link.substr(link.find(want) + want.size());
      if (rest != "/" && url.find(rest) == std::string::npos) continue;
    }
    *evidence = url + "（" + Str(h, "page") + "）";
    return true;
  }
  return false;
}

// Measures from the scan's `site_facts` (docs/measures.md §3).
void SiteFactMeasures(Builder& b, const nlohmann::json& scan, const Unit* unit) {
  const nlohmann::json& sf = scan["site_facts"];
  if (!sf.is_object()) return;
  const std::string as_of_text = Str(scan, "as_of");
  const std::optional<Date> as_of = Date::Parse(as_of_text);
  const nlohmann::json empty_obj = nlohmann::json::object();

  // 数据发布 columns and 专题 columns, by name.
  {
    std::optional<Date> data_newest;
    double data_items = 0;
    std::vector<std::string> data_urls;
    std::vector<std::string> topic_urls;
    std::vector<ListItem> stale_topics;
    const nlohmann::json none = nlohmann::json::array();
    const nlohmann::json& columns =
        scan.contains("columns") && scan["columns"].is_array() ? scan["columns"] : none;
    for (const nlohmann::json& c : columns) {
      const std::string name = Str(c, "name");
      const std::optional<Date> newest = Date::Parse(Str(c, "newest"));
      bool data = false;
      for (const char* word : {"数据发布", "统计数据", "统计信息", "数据开放", "统计公报"})
        data = data || name.find(word) != std::string::npos;
      if (data) {
        data_items += c.value("items", 0.0);
        data_urls.push_back(Str(c, "url"));
        if (newest && (!data_newest || *newest > *data_newest)) data_newest = newest;
      }
      if (name.find("专题") != std::string::npos) {
        topic_urls.push_back(Str(c, "url"));
        // A topic not updated within 6 months of the 监测时间点.
        if (as_of && (!newest || *newest < as_of->AddMonths(-6)))
          stale_topics.push_back({name, 1, {Str(c, "url")}});
      }
    }
    if (!data_urls.empty()) {
      b.Add("data_release.newest",
            data_newest ? MeasureValue::OfDate(*data_newest) : MeasureValue{}, data_urls);
      b.Add("data_release.items", MeasureValue::Number(data_items), data_urls);
      if (data_newest && as_of)
        b.Add("data_release.days_since_update",
              MeasureValue::Number(static_cast<double>(data_newest->DaysUntil(*as_of))), data_urls);
    }
    if (!columns.empty()) {
      b.Add("topics.count", MeasureValue::Number(static_cast<double>(topic_urls.size())),
            topic_urls);
      b.Add("topics.stale", MeasureValue::List(std::move(stale_topics)));
    }
  }
  // Data sets on 数据发布 pages: attachment files that answer, stated update frequency.
  if (sf.contains("data_release") && sf["data_release"].is_object() &&
      sf["data_release"].value("pages", 0.0) > 0) {
    const nlohmann::json& d = sf["data_release"];
    double ok = 0;
    std::vector<std::string> ok_urls;
    std::vector<ListItem> broken_files;
    if (d.contains("files") && d["files"].is_array()) {
      for (const nlohmann::json& file : d["files"]) {
        if (Str(file, "status") == "broken") {
          broken_files.push_back({Str(file, "url"), 1, {Str(file, "url"), Str(file, "page")}});
        } else {
          ++ok;
          if (ok_urls.size() < 20) ok_urls.push_back(Str(file, "url"));
        }
      }
    }
    b.Add("data_release.datasets", MeasureValue::Number(ok), ok_urls);
    b.Add("data_release.datasets_broken", MeasureValue::List(std::move(broken_files)));
    std::string frequency, page;
    if (d.contains("frequencies") && d["frequencies"].is_array() && !d["frequencies"].empty()) {
      frequency = Str(d["frequencies"][0], "value");
      page = Str(d["frequencies"][0], "page");
    }
    b.Add("data_release.frequency_stated", MeasureValue::Bool(!frequency.empty()),
          {page, frequency});
  }

  // IPv6 (only when the scan checked it).
  if (sf.contains("ipv6") && sf["ipv6"].is_object()) {
    const nlohmann::json& v = sf["ipv6"];
    const nlohmann::json& home = v.contains("homepage") ? v["homepage"] : empty_obj;
    const double links = v.value("links", 0.0), ok = v.value("links_reachable", 0.0);
    b.Add("ipv6.site_aaaa", MeasureValue::Bool(v.value("site_aaaa", false)),
          {Str(v, "host") + " AAAA " + Str(home, "address")});
    b.Add("ipv6.homepage", MeasureValue::Bool(home.value("reachable", false)),
          {Str(home, "url"), Str(home, "detail")});
    b.Add("ipv6.link_share", MeasureValue::Number(Percent(ok, links)),
          {"二、三级页面经IPv6可访问 " + Num(ok) + " / " + Num(links)});
    std::vector<ListItem> failing;
    if (v.contains("targets") && v["targets"].is_array()) {
      for (const nlohmann::json& t : v["targets"])
        if (!t.value("reachable", false))
          failing.push_back({Str(t, "url"), 1, {Str(t, "url"), Str(t, "detail")}});
    }
    b.Add("ipv6.links_unreachable", MeasureValue::List(std::move(failing)));
  }

  // Site search title probe: absent (待评) when the form could not be probed
  // (script- or POST-driven search).
  if (sf.contains("search_probe") && sf["search_probe"].is_object()) {
    const nlohmann::json& p = sf["search_probe"];
    const std::string url = Str(p, "url");
    if (!url.empty()) {
      b.Add("search.title_found", MeasureValue::Bool(p.value("found", false)),
            {url, "检索「" + Str(p, "query") + "」（" + Str(p, "article") + "）" +
                      (Str(p, "detail").empty() ? "" : "：" + Str(p, "detail"))});
    }
  }

  // 政策解读 ↔ 政策文件.
  if (sf.contains("policy_interpretation") && sf["policy_interpretation"].is_object()) {
    const nlohmann::json& p = sf["policy_interpretation"];
    const double policies = p.value("policies", 0.0);
    const double interps = p.value("interpretations", 0.0);
    const double with = p.value("policies_with_interpretation", 0.0);
    std::vector<std::string> pair_urls;
    std::vector<ListItem> copied, unlinked, one_way;
    double linked = 0, both = 0;
    if (p.contains("pairs") && p["pairs"].is_array()) {
      for (const nlohmann::json& x : p["pairs"]) {
        const std::string in = Str(x, "interpretation"), pol = Str(x, "policy");
        const bool to = x.value("links_to_policy", false),
                   back = x.value("policy_links_back", false);
        pair_urls.push_back(in);
        if (to || back) ++linked;
        if (to && back) {
          ++both;
        } else {
          one_way.push_back({in, 1, {in, pol}});
        }
        if (!to && !back) unlinked.push_back({in, 1, {in, pol}});
        if (x.value("copied", false)) {
          copied.push_back({in, x.value("similarity", 0.0), {in, pol}});
        }
      }
    }
    for (const std::string& u : Strings(p, "unmatched_interpretations")) {
      unlinked.push_back({u, 1, {u}});
      one_way.push_back({u, 1, {u}});
    }
    const std::string note = "解读 " + Num(interps) + " 篇，政策文件 " + Num(policies) + " 件";
    b.Add("interpretation.count", MeasureValue::Number(interps), pair_urls);
    b.Add("interpretation.policies", MeasureValue::Number(policies), {note});
    const double pairs = static_cast<double>(pair_urls.size());
    b.Add("interpretation.linked_share", MeasureValue::Number(Percent(with, policies)),
          {"有解读的政策文件 " + Num(with) + " / " + Num(policies) + "（按链接、文号或标题匹配）"});
    b.Add("interpretation.policies_without", UrlList(Strings(p, "policies_without")));
    b.Add("interpretation.related_share", MeasureValue::Number(Percent(linked, interps)),
          {"与所解读政策文件有链接（至少单向）的解读 " + Num(linked) + " / " + Num(interps)});
    b.Add("interpretation.bidirectional_share", MeasureValue::Number(Percent(both, pairs)),
          {"双向关联的解读—文件对 " + Num(both) + " / " + Num(pairs)});
    b.Add("interpretation.unlinked", MeasureValue::List(std::move(unlinked)));
    b.Add("interpretation.not_bidirectional", MeasureValue::List(std::move(one_way)));
    b.Add("interpretation.copied", MeasureValue::List(std::move(copied)));
    std::vector<ListItem> forms;
    double kinds = 0;
    if (p.contains("forms") && p["forms"].is_object()) {
      for (const auto& [form, n] : p["forms"].items()) {
        if (!n.is_number()) continue;
        std::vector<std::string> ex;
        if (p.contains("form_examples") && p["form_examples"].contains(form))
          ex = Strings(p["form_examples"], form.c_str());
        forms.push_back({form, n.get<double>(), ex});
        b.Add("interpretation.form." + form, MeasureValue::Number(n.get<double>()), ex);
        if (form != "文字") ++kinds;
      }
    }
    b.Add("interpretation.forms", MeasureValue::List(std::move(forms)));
    // Per-document lists for sampled ratios ("随机抽查3个政策文件/解读稿"):
    // policies (value 1 = an interpretation is matched with it), interpretations
    // (value 1 = linked both ways with their policy, 相互关联) and
    // interpretations (value 1 = 图解/视频/发布会, 多样性).
    {
      std::vector<ListItem> policy_items, interp_items, form_items;
      std::set<std::string> with_policy, non_text;
      for (const std::string& u : Strings(p, "non_text")) non_text.insert(u);
      auto form_item = [&](const std::string& u, const std::vector<std::string>& ev) {
        form_items.push_back({u, non_text.count(u) ? 1.0 : 0.0, ev});
      };
      if (p.contains("pairs") && p["pairs"].is_array()) {
        for (const nlohmann::json& x : p["pairs"]) {
          const std::string in = Str(x, "interpretation"), pol = Str(x, "policy");
          const bool mutual =
              x.value("links_to_policy", false) && x.value("policy_links_back", false);
          interp_items.push_back({in, mutual ? 1.0 : 0.0, {in, pol}});
          form_item(in, {in});
          if (with_policy.insert(pol).second) policy_items.push_back({pol, 1, {pol, in}});
        }
      }
      for (const std::string& u : Strings(p, "unmatched_interpretations")) {
        interp_items.push_back({u, 0, {u, "未找到对应的政策文件"}});
        form_item(u, {u});
      }
      for (const std::string& u : Strings(p, "policies_without"))
        policy_items.push_back({u, 0, {u, "未找到解读"}});
      b.Add("interpretation.policy_items", MeasureValue::List(std::move(policy_items)));
      b.Add("interpretation.items", MeasureValue::List(std::move(interp_items)));
      b.Add("interpretation.form_items", MeasureValue::List(std::move(form_items)));
    }
    b.Add("interpretation.form_kinds", MeasureValue::Number(kinds),
          {"图解/视频/发布会 中出现的形式数"});
  }

  // 征集调查: activities (dated list items of survey pages) and their results.
  if (sf.contains("surveys") && sf["surveys"].is_array()) {
    std::map<Date, double> dates, collection_dates;
    std::vector<std::string> pages;
    std::vector<ListItem> unanswered;
    double activities = 0, results = 0, in_year = 0, due = 0, answered = 0;
    for (const nlohmann::json& v : sf["surveys"]) {
      const std::string page = Str(v, "page");
      if (!page.empty() && std::find(pages.begin(), pages.end(), page) == pages.end() &&
          pages.size() < 20)
        pages.push_back(page);
      if (v.value("result", false)) {
        ++results;
        continue;
      }
      ++activities;
      const std::optional<Date> d = Date::Parse(Str(v, "date"));
      if (!d || (as_of && *d > *as_of)) continue;
      dates[*d] += 1;
      // 民意征集 (not 网上调查): the title asks for opinions, or names no poll.
      const std::string title = Str(v, "title");
      const bool poll = title.find("调查") != std::string::npos ||
                        title.find("问卷") != std::string::npos ||
                        title.find("投票") != std::string::npos;
      const bool collection =
          title.find("征集") != std::string::npos || title.find("征求") != std::string::npos;
      if (collection || !poll) collection_dates[*d] += 1;
      if (as_of && *d > as_of->AddYears(-1)) ++in_year;
      // Due: the activity (a month's collection, by assumption) ended more
      // than a month before the 监测时间点.
      if (as_of && *d < as_of->AddMonths(-2)) {
        ++due;
        const std::string result = Str(v, "result_url");
        if (!result.empty()) {
          ++answered;
        } else {
          unanswered.push_back(
              {Str(v, "url"), 1, {Str(v, "url"), Str(v, "title"), Str(v, "date")}});
        }
      }
    }
    b.Add("survey.activities", MeasureValue::Number(activities), pages);
    b.Add("survey.dates", DatesList(dates), pages);
    b.Add("survey.collection_dates", DatesList(collection_dates), pages);
    if (as_of) b.Add("survey.items_1y", MeasureValue::Number(in_year), pages);
    b.Add("survey.results", MeasureValue::Number(results), pages);
    b.Add("survey.unanswered", MeasureValue::List(std::move(unanswered)));
    b.Add("survey.results_share", MeasureValue::Number(due > 0 ? Percent(answered, due) : 100),
          {"开展满2个月的征集调查 " + Num(due) + " 次，已公开结果 " + Num(answered) + " 次"});
  }
  // 网页标签 on column and content pages.
  if (sf.contains("labels") && sf["labels"].is_object()) {
    const nlohmann::json& l = sf["labels"];
    const double pages = l.value("column_pages", 0.0) + l.value("content_pages", 0.0);
    const double ok = l.value("pages_ok", 0.0);
    std::vector<ListItem> missing;
    if (l.contains("missing") && l["missing"].is_array()) {
      for (const nlohmann::json& m : l["missing"]) {
        std::string names;
        for (const std::string& n : Strings(m, "missing")) names += (names.empty() ? "" : " ") + n;
        missing.push_back({Str(m, "url"), 1, {Str(m, "url"), "缺少 " + names}});
      }
    }
    if (pages > 0) {
      b.Add("meta.labels_ok", MeasureValue::Bool(ok == pages),
            {"栏目页 " + Num(l.value("column_pages", 0.0)) + " 个、内容页 " +
             Num(l.value("content_pages", 0.0)) + " 个，标签齐全 " + Num(ok) + " 个"});
      b.Add("meta.labels_share", MeasureValue::Number(Percent(ok, pages)));
    }
    b.Add("meta.labels_missing", MeasureValue::List(std::move(missing)));
  }
  // 专题: resource classes per topic (seed 001: 五类以上资源).
  if (sf.contains("topics") && sf["topics"].is_array()) {
    std::vector<ListItem> items;
    double rich = 0;
    for (const nlohmann::json& t : sf["topics"]) {
      const std::vector<std::string> classes = Strings(t, "classes");
      std::string joined;
      for (const std::string& c : classes) joined += (joined.empty() ? "" : "、") + c;
      items.push_back({Str(t, "name"),
                       static_cast<double>(classes.size()),
                       {Str(t, "url"), joined.empty() ? "未发现资源分类" : joined}});
      if (classes.size() >= 5) ++rich;
    }
    b.Add("topics.resources", MeasureValue::List(std::move(items)));
    b.Add("topics.rich", MeasureValue::Number(rich), {"资源类别达到五类的专题数"});
  }

  // 来源 on articles.
  if (sf.contains("sources") && sf["sources"].is_object()) {
    const nlohmann::json& s = sf["sources"];
    const double articles = s.value("articles", 0.0), with = s.value("with_source", 0.0);
    b.Add("news.articles", MeasureValue::Number(articles));
    b.Add("news.source_share", MeasureValue::Number(Percent(with, articles)),
          {"标注来源的文章 " + Num(with) + " / " + Num(articles)});
    b.Add("news.reprint_unmarked", UrlList(Strings(s, "without_source")));
    b.Add("news.reprint_marked", MeasureValue::Number(s.value("reprint_marked", 0.0)));
  }

  // Functions and 政府信息公开 entries.
  const nlohmann::json& functions =
      sf.contains("functions") && sf["functions"].is_object() ? sf["functions"] : empty_obj;
  auto function = [&](const char* key, const std::string& name, bool need_working) {
    if (!functions.contains(key)) {
      b.Add(name, MeasureValue::Bool(false));
      return;
    }
    const nlohmann::json& e = functions[key];
    const std::string status = Str(e, "status");
    const bool ok = !need_working || status == "ok" || status == "unchecked";
    b.Add(name, MeasureValue::Bool(ok),
          {Str(e, "url"), "「" + Str(e, "text") + "」见 " + Str(e, "page") + "（" + status + "）"});
  };
  function("smart_qa", "function.smart_qa", true);
  function("login", "function.single_login", true);
  function("user_space", "function.user_space", true);
  function("consult", "function.consult_form", true);
  function("survey", "function.survey", true);
  function("interview", "function.interview", true);
  function("new_media", "function.new_media", false);
  function("open_data", "function.open_data", true);
  function("topics", "function.topics", true);
  function("convenience", "function.convenience", true);
  function("data_release", "function.data_release", true);
  if (scan.contains("findings") && scan["findings"].is_object() &&
      scan["findings"].contains("site") && scan["findings"]["site"].is_object()) {
    const nlohmann::json& site = scan["findings"]["site"];
    b.Add("function.search",
          MeasureValue::Bool(site.contains("search") && site["search"].is_object()),
          {Str(scan, "site")});
  }
  // 政府信息公开: 指南, 制度, 法定主动公开内容, 年报, 依申请公开.
  static const std::pair<const char*, const char*> kDisclosure[] = {
      {"xxgk_guide", "政府信息公开指南"},
      {"xxgk_system", "政府信息公开制度"},
      {"xxgk_content", "法定主动公开内容"},
      {"xxgk_annual", "政府信息公开年报"},
      {"xxgk_apply", "依申请公开"}};
  std::vector<ListItem> missing;
  for (const auto& [key, label] : kDisclosure) {
    const std::string name = std::string("disclosure.") + (key + 5);
    bool present = functions.contains(key);
    std::string status = present ? Str(functions[key], "status") : "";
    bool nonempty = present && (status == "ok" || status == "unchecked");
    std::vector<std::string> ev;
    if (present) ev = {Str(functions[key], "url"), Str(functions[key], "page")};
    b.Add(name, MeasureValue::Bool(nonempty), ev);
    if (!nonempty)
      missing.push_back({label, 1, present ? ev : std::vector<std::string>{"未找到入口"}});
  }
  b.Add("disclosure.columns_missing", MeasureValue::List(std::move(missing)));
  b.Add("disclosure.request_channel",
        MeasureValue::Bool(functions.contains("xxgk_apply") &&
                           Str(functions["xxgk_apply"], "status") != "broken"));

  // Annual reports of the year before the 监测时间点.
  if (as_of && sf.contains("reports") && sf["reports"].is_array()) {
    const int year = as_of->year() - 1;
    auto report = [&](const char* kind, const std::string& prefix, Date deadline) {
      std::optional<Date> best;
      std::string url, on_home;
      bool found = false;
      for (const nlohmann::json& r : sf["reports"]) {
        if (Str(r, "kind") != kind || r.value("year", 0) != year) continue;
        found = true;
        if (Str(r, "page") == Str(scan, "site")) on_home = Str(r, "url");
        std::optional<Date> d = Date::Parse(Str(r, "date"));
        if (d && (!best || *d < *best)) best = d;
        if (url.empty() || d == best) url = Str(r, "url");
      }
      std::vector<std::string> ev;
      if (found) ev = {url};
      ev.push_back(std::to_string(year) + " 年度，截止 " + deadline.ToString());
      b.Add(prefix + ".published", best ? MeasureValue::OfDate(*best) : MeasureValue{}, ev);
      b.Add(prefix + ".on_time", MeasureValue::Bool(best && *best <= deadline), ev);
      // 在突出位置展示: the homepage links it.
      b.Add(prefix + ".homepage", MeasureValue::Bool(!on_home.empty()),
            {on_home.empty() ? "首页未链接" : on_home, Str(scan, "site")});
      if (prefix == "annual_report") {
        const Date march = Date::FromYmd(year + 1, 3, 31);
        b.Add(prefix + ".on_time_march", MeasureValue::Bool(best && *best <= march), ev);
      }
    };
    // 政府信息公开条例 第五十条: departments by 31 January; the 政府信息公开工作
    // 主管部门 of a local government publishes the government's report by 31 March
    // (annual_report.on_time_march). 政府网站工作年度报表: by 31 January (指引).
    report("xxgk_annual", "annual_report", Date::FromYmd(year + 1, 1, 31));
    report("web_annual", "site_report", Date::FromYmd(year + 1, 1, 31));
  }

  // 网站地图 and duplicated columns.
  if (sf.contains("sitemap") && sf["sitemap"].is_object()) {
    const nlohmann::json& m = sf["sitemap"];
    const std::string url = Str(m, "url");
    b.Add("sitemap.exists", MeasureValue::Bool(!url.empty()), {url});
    if (!url.empty()) {
      b.Add("sitemap.missing", UrlList(Strings(m, "missing_columns")), {url});
      b.Add("sitemap.dead", UrlList(Strings(m, "dead_entries")), {url});
      b.Add("sitemap.extra", UrlList(Strings(m, "extra_entries")), {url});
    }
    std::vector<ListItem> dups;
    if (m.contains("duplicate_columns") && m["duplicate_columns"].is_array()) {
      for (const nlohmann::json& d : m["duplicate_columns"])
        dups.push_back({Str(d, "name"), 1, Strings(d, "urls")});
    }
    b.Add("columns.duplicated", MeasureValue::List(std::move(dups)));
  }

  // 便民查询: every service the unit must offer, found by anchor text (the
  // listed name inside the anchor text or the anchor text, without 查询, inside
  // the name) with a link that is not broken.
  if (unit && !unit->convenience.empty() && sf.contains("query_services") &&
      sf["query_services"].is_array()) {
    auto squeeze = [](std::string t) {
      std::erase_if(t, [](char c) { return c == ' '; });
      return t;
    };
    auto core_of = [](std::string t) {  // without 查询 / 服务
      for (const char* word : {"查询", "服务"}) {
        size_t at = t.find(word);
        if (at != std::string::npos) t.erase(at, 6);
      }
      return t;
    };
    std::vector<ListItem> missing_services;
    double found = 0;
    for (const std::string& want : unit->convenience) {
      const std::string w = squeeze(want);
      const std::string wcore = core_of(w);
      const nlohmann::json* hit = nullptr;
      for (const nlohmann::json& q : sf["query_services"]) {
        std::string text = squeeze(Str(q, "text"));
        const std::string core = core_of(text);
        if (text.find(w) != std::string::npos ||
            (wcore.size() >= 6 && core.find(wcore) != std::string::npos) ||
            (core.size() >= 6 && wcore.find(core) != std::string::npos)) {
          hit = &q;
          if (Str(q, "status") != "broken") break;
        }
      }
      if (hit && Str(*hit, "status") != "broken") {
        ++found;
      } else {
        missing_services.push_back(
            {want, 1,
             hit ? std::vector<std::string>{Str(*hit, "url"),
                                            "链接失效（" + Str(*hit, "page") + "）"}
                 : std::vector<std::string>{"未找到"}});
      }
    }
    b.Add("convenience.found", MeasureValue::Number(found));
    b.Add("convenience.missing", MeasureValue::List(std::move(missing_services)));
  }

  // External hosts and required links.
  if (sf.contains("external_hosts") && sf["external_hosts"].is_array()) {
    const nlohmann::json& hosts = sf["external_hosts"];
    std::vector<ListItem> items;
    for (const nlohmann::json& h : hosts)
      items.push_back({Str(h, "host"), h.value("links", 1.0), {Str(h, "url"), Str(h, "page")}});
    b.Add("links.external_hosts", MeasureValue::List(std::move(items)));
    std::string ev;
    b.Add("links.gov_cn", MeasureValue::Bool(RequiredLinkFound("www.gov.cn", hosts, &ev)), {ev});
    if (unit && !unit->required_links.empty()) {
      std::vector<ListItem> missing_links;
      for (const std::string& link : unit->required_links) {
        if (!RequiredLinkFound(link, hosts, &ev))
          missing_links.push_back({link, 1, {"未找到链接"}});
      }
      b.Add("links.required_missing", MeasureValue::List(std::move(missing_links)));
    }
  }
}

}  // namespace

bool ScanProvides(const std::string& measure_name) {
  static const std::vector<std::string> kPatterns = {
      "site.available", "site.pages", "links.broken", "links.broken_homepage", "columns.empty",
      "columns.stale", "privacy.leaks", "footer.site_code", "footer.icp", "footer.police_record",
      "footer.sponsor", "footer.error_report_link", "footer.party_gov_label", "footer.contact",
      "accessibility.toolbar", "privacy.policy",
      // From `site_facts` (docs/measures.md §3).
      "interpretation.count", "interpretation.policies", "interpretation.related_share",
      "interpretation.policies_without", "interpretation.linked_share",
      "interpretation.bidirectional_share", "interpretation.unlinked",
      "interpretation.not_bidirectional", "interpretation.copied", "interpretation.forms",
      "interpretation.form_kinds", "news.articles", "news.source_share", "news.reprint_unmarked",
      "news.reprint_marked", "function.smart_qa", "function.single_login", "function.user_space",
      "function.consult_form", "function.survey", "function.interview", "function.new_media",
      "function.open_data", "function.topics", "function.convenience", "function.data_release",
      "function.search", "disclosure.guide", "disclosure.system", "disclosure.content",
      "disclosure.annual", "disclosure.apply", "disclosure.columns_missing",
      "disclosure.request_channel", "annual_report.published", "annual_report.on_time",
      "annual_report.on_time_march", "site_report.published", "site_report.on_time",
      "sitemap.exists", "sitemap.missing", "sitemap.dead", "sitemap.extra", "columns.duplicated",
      "links.external_hosts", "links.gov_cn", "links.required_missing", "search.title_found",
      "convenience.found", "convenience.missing", "ipv6.site_aaaa", "ipv6.homepage",
      "ipv6.link_share", "ipv6.links_unreachable", "data_release.newest",
      "data_release.days_since_update", "data_release.items", "topics.count", "topics.stale",
      "data_release.datasets", "data_release.datasets_broken", "data_release.frequency_stated",
      "site.columns", "interpretation.policy_items", "interpretation.items",
      "interpretation.form_items", "survey.activities", "survey.dates", "survey.items_1y",
      "survey.results", "survey.unanswered", "survey.results_share", "survey.items_since",
      "survey.per_day", "survey.per_workday", "topics.resources", "topics.rich",
      "survey.collection_dates", "survey.collection_items_since", "survey.collection_per_day",
      "survey.collection_per_workday", "site_report.homepage", "annual_report.homepage",
      "meta.labels_ok", "meta.labels_share", "meta.labels_missing"};
  static const std::vector<std::string> kColumnFacts = {
      "exists", "items",       "newest",  "empty",      "stale", "days_since_update",
      "dates",  "items_since", "per_day", "per_workday"};
  // Embedded by a checklist scan (`checklist.measures`, src/checklist/scan.h).
  static const std::vector<std::string> kChecklist = {
      "content.suspect_terms", "interaction.reply_workdays",
      "interaction.overdue",   "guide.elements_missing",
      "guide.vague",           "guide.material_unspecified",
      "guide.download_failed", "interaction.channel",
      "guide.checked"};
  for (const std::string& p : kChecklist)
    if (p == measure_name) return true;
  for (const std::string& p : kPatterns)
    if (p == measure_name) return true;
  if (framework::MeasureNameMatches("interpretation.form.<栏目>", measure_name)) return true;
  if (framework::MeasureNameMatches("guide.missing.<栏目>", measure_name)) return true;
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
  if (scan.contains("columns") && scan["columns"].is_array())
    b.Add("site.columns", MeasureValue::Number(static_cast<double>(columns.size())));
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
  // 无障碍/适老化 entry and 隐私政策 from the homepage (findings.site).
  if (scan.contains("findings") && scan["findings"].is_object() &&
      scan["findings"].contains("site") && scan["findings"]["site"].is_object()) {
    const nlohmann::json& site_findings = scan["findings"]["site"];
    if (site_findings.contains("accessibility_toolbar") &&
        site_findings["accessibility_toolbar"].is_boolean())
      b.Add("accessibility.toolbar",
            MeasureValue::Bool(site_findings["accessibility_toolbar"].get<bool>()), {site});
    if (site_findings.contains("privacy_policy") && site_findings["privacy_policy"].is_string()) {
      const std::string policy = site_findings["privacy_policy"].get<std::string>();
      b.Add("privacy.policy", MeasureValue::Bool(!policy.empty()),
            {policy.empty() ? site : policy});
    }
  }
  const Unit* the_unit = nullptr;
  for (const Unit& u : units)
    if (u.id == unit) the_unit = &u;
  if (scan.contains("site_facts")) SiteFactMeasures(b, scan, the_unit);
  std::vector<Measure> out = b.Take();
  // The national checklist's measures embedded by src/checklist/scan.h.
  for (Measure& m : EmbeddedScanMeasures(scan, unit, path)) out.push_back(std::move(m));
  return out;
}

}  // namespace govscore::scoring
