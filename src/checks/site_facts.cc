#include "checks/site_facts.h"

#include <algorithm>
#include <functional>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace govscore {

namespace {

constexpr size_t kListCap = 500;

// Title for matching: without white space, 《》, quotes and a "_站点名" suffix.
std::string NormalTitle(std::string_view t) {
  size_t cut = t.rfind('_');
  if (cut != std::string_view::npos && cut > 0) t = t.substr(0, cut);
  std::string out;
  for (size_t i = 0; i < t.size();) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '"') {
      ++i;
      continue;
    }
    bool skipped = false;
    for (std::string_view drop : {"《", "》", "“", "”", "　"}) {
      if (t.compare(i, drop.size(), drop) == 0) {
        i += drop.size();
        skipped = true;
        break;
      }
    }
    if (!skipped) out += t[i++];
  }
  return out;
}

// 文号 with its brackets unified ([2024] （2024） (2024) 【2024】 → 〔2024〕), for matching.
std::string NormalDocNumber(std::string n) {
  for (auto [from, to] : {std::pair<std::string_view, std::string_view>{"[", "〔"},
                          {"]", "〕"},
                          {"（", "〔"},
                          {"）", "〕"},
                          {"(", "〔"},
                          {")", "〕"},
                          {"【", "〔"},
                          {"】", "〕"}}) {
    for (size_t at = 0; (at = n.find(from, at)) != std::string::npos; at += to.size())
      n.replace(at, from.size(), to);
  }
  return n;
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

void PushCapped(std::vector<std::string>& v, std::string x, size_t cap = kListCap) {
  if (v.size() < cap) v.push_back(std::move(x));
}

}  // namespace

// Articles are taken in URL order, not crawl order: the first of two policies
// with one 文号 or title, and the order of every list, are the same however the
// crawl went (an interrupted and resumed scan equals an uninterrupted one).
PolicyFacts MatchInterpretations(const std::vector<PolicyArticle>& articles) {
  PolicyFacts out;
  std::vector<size_t> order(articles.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(articles[a].url, a) < std::tie(articles[b].url, b);
  });
  std::unordered_map<std::string, size_t> by_url, by_number, by_title, linked_from;
  std::vector<std::pair<std::string, size_t>> titles;  // normalised, in URL order
  for (size_t i : order) {
    const PolicyArticle& a = articles[i];
    if (!a.policy) continue;
    ++out.policies;
    by_url.emplace(a.url, i);
    if (!a.doc_number.empty()) by_number.emplace(NormalDocNumber(a.doc_number), i);
    std::string t = NormalTitle(a.title);
    if (!t.empty() && by_title.emplace(t, i).second) titles.emplace_back(std::move(t), i);
    for (const std::string& r : a.related) linked_from.emplace(r, i);
  }
  std::unordered_set<size_t> with;
  for (size_t k : order) {
    const PolicyArticle& in = articles[k];
    if (!in.interpretation) continue;
    ++out.interpretations;
    if (std::any_of(in.forms.begin(), in.forms.end(),
                    [](const std::string& f) { return f != "文字"; }))
      PushCapped(out.non_text, in.url);
    for (const std::string& form : in.forms) {
      ++out.forms[form];
      std::vector<std::string>& ex = out.form_examples[form];
      if (ex.size() < 5) ex.push_back(in.url);
    }
    std::optional<size_t> policy;
    std::string how;
    for (const std::string& r : in.related) {
      auto it = by_url.find(r);
      if (it != by_url.end()) {
        policy = it->second;
        how = "link";
        break;
      }
    }
    if (!policy) {
      if (auto it = linked_from.find(in.url); it != linked_from.end()) {
        policy = it->second;
        how = "back_link";
      }
    }
    if (!policy && !in.doc_number.empty()) {
      auto it = by_number.find(NormalDocNumber(in.doc_number));
      if (it != by_number.end()) {
        policy = it->second;
        how = "doc_number";
      }
    }
    if (!policy) {
      for (const std::string& q : in.quoted_titles) {
        std::string nq = NormalTitle(q);
        if (nq.size() < 12) continue;  // at least 4 Han characters
        if (auto it = by_title.find(nq); it != by_title.end()) {
          policy = it->second;
        } else {
          for (const auto& [t, i] : titles) {
            if (t.find(nq) != std::string::npos) {
              policy = i;
              break;
            }
          }
        }
        if (policy) {
          how = "title";
          break;
        }
      }
    }
    if (!policy) {
      PushCapped(out.unmatched_interpretations, in.url);
      continue;
    }
    const PolicyArticle& p = articles[*policy];
    with.insert(*policy);
    InterpretationPair pair;
    pair.interpretation = in.url;
    pair.policy = p.url;
    pair.matched_by = how;
    pair.links_to_policy = Has(in.related, p.url);
    pair.policy_links_back = Has(p.related, in.url);
    pair.similarity = SketchJaccard(in.sketch, p.sketch);
    pair.containment = SketchContainment(in.sketch, p.sketch);
    pair.copied = pair.similarity >= 0.6 || pair.containment >= 0.8;
    out.pairs.push_back(std::move(pair));
  }
  out.policies_with = with.size();
  for (size_t i : order) {
    if (articles[i].policy && !with.count(i)) PushCapped(out.policies_without, articles[i].url);
  }
  return out;
}

namespace {

// Keeps, under `key`, the entry from the shallowest page, then the least page
// URL: the same whatever order the crawl parsed the pages in.
template <class Map>
void KeepShallowest(Map& map, const std::string& key, FunctionEntry entry) {
  auto [it, inserted] = map.try_emplace(key, entry);
  if (!inserted && std::tie(entry.depth, entry.page) < std::tie(it->second.depth, it->second.page))
    it->second = std::move(entry);
}

}  // namespace

SiteFactsCollector::SiteFactsCollector(std::string site_host) : site_host_(std::move(site_host)) {}

void SiteFactsCollector::AddPage(const std::string& page_url, const PageSignals& s, int depth) {
  auto resolve = [](const std::string& url) { return url; };
  for (const FunctionAnchor& f : s.functions) {
    std::string url = resolve(f.href);
    if (url.empty()) continue;
    KeepShallowest(facts_.functions, f.key, FunctionEntry{url, f.text, page_url, "", depth});
  }
  for (const ReportMention& r : s.reports) {
    ReportFact fact{r.kind,   r.year, r.title, r.href.empty() ? page_url : resolve(r.href),
                    page_url, r.date};
    if (fact.url.empty()) continue;
    bool merged = false;
    for (ReportFact& have : facts_.reports) {
      if (have.url == fact.url) {
        if (!have.date && fact.date) have.date = fact.date;
        merged = true;
      }
    }
    if (!merged && facts_.reports.size() < 200) facts_.reports.push_back(std::move(fact));
  }
  if (s.sitemap && facts_.sitemap.url.empty()) {
    facts_.sitemap.url = page_url;
    for (const auto& [href, text] : s.sitemap_links) {
      std::string url = resolve(href);
      if (!url.empty()) sitemap_links_.emplace_back(url, text);
    }
  }
  AddExternalHosts(s, page_url);
  for (const auto& [url, text] : s.query_links) {
    if (query_services_.size() >= 500 && !query_services_.count(text)) break;
    KeepShallowest(query_services_, text, FunctionEntry{url, text, page_url, "", depth});
  }
  if (s.data_page) {
    ++facts_.data_pages;
    for (const std::string& url : s.data_files) {
      if (data_files_.size() >= 500) break;
      KeepShallowest(data_files_, url, FunctionEntry{url, "", page_url, "", depth});
    }
    if (!s.update_frequency.empty() && facts_.data_frequencies.size() < 50)
      facts_.data_frequencies.emplace_back(page_url, s.update_frequency);
  }
  if (s.labels_checked) {
    ++(s.labels_column_page ? facts_.label_column_pages : facts_.label_content_pages);
    if (s.labels_missing.empty()) {
      ++facts_.label_pages_ok;
    } else if (facts_.labels_missing.size() < 200) {
      facts_.labels_missing.emplace_back(page_url, s.labels_missing);
    }
  }
  for (const PageSignals::SurveyItem& item : s.survey_items) {
    if (surveys_.size() >= 500) break;
    surveys_.try_emplace(item.href,
                         SurveyFact{item.href, item.title, page_url, item.date, item.result, ""});
  }
  if (!s.topic.empty()) {
    auto [it, inserted] = topics_.try_emplace(s.topic, page_url, 0u);
    if (inserted && topics_.size() > 200) {
      topics_.erase(it);
    } else {
      it->second.second |= s.topic_classes;
    }
  }
  if (!s.article) return;
  SourceFacts& src = facts_.sources;
  ++src.articles;
  if (!s.source.empty()) {
    ++src.with_source;
  } else {
    PushCapped(src.without_source, page_url, 200);
  }
  if (s.reprint_marked) ++src.reprint_marked;
  if (!s.policy && !s.interpretation) return;
  PolicyArticle a;
  a.url = page_url;
  a.title = s.title;
  a.column = s.column;
  a.doc_number = s.doc_number;
  a.policy = s.policy;
  a.interpretation = s.interpretation;
  a.forms = s.forms;
  a.quoted_titles = s.quoted_titles;
  a.sketch = s.sketch;
  for (const std::string& href : s.related_hrefs) {
    std::string url = resolve(href);
    if (!url.empty() && url != page_url) a.related.push_back(std::move(url));
  }
  articles_.push_back(std::move(a));
}

void SiteFactsCollector::AddExternalHosts(const PageSignals& s, const std::string& page_url) {
  for (const auto& [host, url] : s.external_hosts) {
    if (host.empty() || host == site_host_) continue;
    auto [it, inserted] = hosts_.try_emplace(host);
    if (inserted) {
      if (hosts_.size() > 5000) {  // a link farm: keep the first 5000 hosts
        hosts_.erase(it);
        continue;
      }
      it->second.host = host;
      it->second.url = url;
      it->second.page = page_url;
    }
    ++it->second.links;
  }
}

SiteFacts SiteFactsCollector::Finish(const std::vector<ColumnStats>& columns,
                                     const std::set<std::string>& crawled,
                                     const std::set<std::string>& broken) {
  SiteFacts out = std::move(facts_);
  out.policy = MatchInterpretations(articles_);
  std::map<std::string, const ColumnStats*> column_by_url;
  std::map<std::string, std::vector<std::string>> urls_by_name;
  for (const ColumnStats& c : columns) {
    column_by_url[c.url] = &c;
    // A column's first page is reached as /x/ or /x/index.html.
    if (c.url.ends_with("/")) column_by_url[c.url + "index.html"] = &c;
    urls_by_name[c.name].push_back(c.url);
  }
  auto status_of = [&](const std::string& url) -> std::string {
    auto col = column_by_url.find(url);
    if (col != column_by_url.end()) return col->second->empty ? "empty" : "ok";
    if (broken.count(url)) return "broken";
    if (crawled.count(url)) return "ok";
    return "unchecked";
  };
  for (auto& [key, entry] : out.functions) entry.status = status_of(entry.url);
  for (auto& [url, entry] : data_files_) {
    // Attachments are link-checked, not crawled: not broken means it answered.
    entry.status = broken.count(url) ? "broken" : "ok";
    out.data_files.push_back(std::move(entry));
  }
  for (auto& [text, entry] : query_services_) {
    entry.status = status_of(entry.url);
    out.query_services.push_back(std::move(entry));
  }

  SitemapFacts& map = out.sitemap;
  if (!map.url.empty()) {
    std::set<std::string> in_map;
    for (const auto& [url, text] : sitemap_links_) {
      if (!in_map.insert(url).second) continue;
      ++map.entries;
      if (broken.count(url)) {
        PushCapped(map.dead_entries, url);
      } else if (!column_by_url.count(url) && !crawled.count(url)) {
        PushCapped(map.extra_entries, url);
      }
    }
    for (const ColumnStats& c : columns) {
      bool listed =
          in_map.count(c.url) > 0 ||
          (c.url.ends_with("/") && in_map.count(c.url + "index.html") > 0) ||
          (c.url.ends_with("/index.html") && in_map.count(c.url.substr(0, c.url.size() - 10)) > 0);
      if (!listed) PushCapped(map.missing_columns, c.url);
    }
  }
  for (auto& [name, urls] : urls_by_name) {
    if (urls.size() >= 2) map.duplicate_columns.emplace_back(name, urls);
  }
  for (auto& [host, h] : hosts_) out.external_hosts.push_back(std::move(h));

  // 征集调查: each activity with the result item naming the same subject.
  std::vector<std::pair<std::string, std::string>> results;  // subject, URL
  for (const auto& [url, item] : surveys_)
    if (item.result) results.emplace_back(SurveySubject(item.title), url);
  for (auto& [url, item] : surveys_) {
    if (!item.result) {
      const std::string subject = SurveySubject(item.title);
      for (const auto& [rs, rurl] : results) {
        if (subject.empty() || rs.empty()) continue;
        if (rs.find(subject) != std::string::npos || subject.find(rs) != std::string::npos) {
          item.result_url = rurl;
          break;
        }
      }
    }
    out.surveys.push_back(std::move(item));
  }
  const auto& classes = TopicResourceClasses();
  for (const auto& [name, v] : topics_) {
    TopicFact t{name, v.first, {}};
    for (size_t k = 0; k < classes.size(); ++k)
      if (v.second & (1u << k)) t.classes.push_back(classes[k].first);
    out.topics.push_back(std::move(t));
  }
  return out;
}

}  // namespace govscore
