#include "checklist/collector.h"

#include <algorithm>

#include "core/error.h"

namespace govscore::checklist {
namespace {

bool Contains(std::string_view s, std::string_view x) {
  return s.find(x) != std::string_view::npos;
}

std::optional<Date> NewestItem(const PageFacts& f, Date as_of, int* dated) {
  std::optional<Date> newest;
  for (const ListItem& item : f.items) {
    if (!item.date || *item.date > as_of) continue;
    if (dated) ++*dated;
    if (!newest || *item.date > *newest) newest = item.date;
  }
  return newest;
}

void KeepMax(std::optional<Date>& into, std::optional<Date> d) {
  if (d && (!into || *d > *into)) into = d;
}

// The 留言 asking labels (entries [0, asks)) and the 办事指南 element labels
// (entries [asks, …), class index in `label_class`) as one literal set.
struct PageLabels {
  size_t asks = 0;
  std::vector<size_t> label_class;
  std::unique_ptr<DictionaryMatcher> matcher;
};

const PageLabels& Labels() {
  static const PageLabels kLabels = [] {
    PageLabels l;
    Dictionary d;
    for (std::string_view a : AskLabels())
      d.entries.push_back({std::string(a), true, "", "", "", {}});
    l.asks = d.entries.size();
    for (const auto& [label, cls] : GuideLabels()) {
      d.entries.push_back({label, true, "", "", "", {}});
      l.label_class.push_back(cls);
    }
    l.matcher = std::make_unique<DictionaryMatcher>(std::move(d));
    return l;
  }();
  return kLabels;
}

}  // namespace

ChecklistCollector::ChecklistCollector(Date as_of,
                                       std::shared_ptr<const DictionaryMatcher> dictionary)
    : as_of_(as_of), dictionary_(std::move(dictionary)) {
  Labels();  // compile the label set before the parse workers start
}

void ChecklistCollector::OnPage(const PageView& page, const PageFacts& facts) {
  // Everything expensive happens outside the lock.
  std::vector<ErrorHit> errors;
  if (dictionary_) {
    std::string text = facts.title;
    text += '\n';
    text += facts.text;
    for (const DictionaryHit& h : dictionary_->Find(text)) {
      const DictionaryEntry& e = dictionary_->dictionary().entries[h.entry];
      errors.push_back({page.url, e.word, e.serious, e.category, e.correct, h.context, h.begin});
    }
  }
  std::optional<Message> message;
  std::optional<GuideRecord> guide;
  if (page.kind != PageKind::kHome && page.kind != PageKind::kColumnList) {
    const PageLabels& labels = Labels();
    bool asks = false;
    std::vector<char> classes(GuideElementClasses().size(), 0);
    for (size_t e : labels.matcher->EntriesPresent(facts.text)) {
      if (e < labels.asks)
        asks = true;
      else
        classes[labels.label_class[e - labels.asks]] = 1;
    }
    if (asks) message = ReadMessage(page.url, facts.title, facts.text, as_of_);
    const bool titled = Contains(facts.title, "办事指南") || Contains(facts.title, "服务指南");
    if (titled || std::count(classes.begin(), classes.end(), 1) >= 4) {
      GuideCheck g = CheckGuide(facts.title, facts.text);
      if (g.is_guide) guide = GuideRecord{page.url, facts.title, std::move(g)};
    }
  }
  Contribution c;
  c.url = page.url;
  c.depth = page.depth;
  c.home = page.kind == PageKind::kHome;
  c.errors = std::move(errors);
  c.message = std::move(message);
  c.guide = std::move(guide);
  c.newest = NewestItem(facts, as_of_, &c.dated);
  if (c.home) {
    for (const RawLink& l : facts.links) {
      if (IsConsultationColumn(l.text)) c.consultation = true;
      if (Contains(l.text, "办事服务") || Contains(l.text, "政务服务") ||
          Contains(l.text, "网上办事") || Contains(l.text, "办事指南"))
        c.service = true;
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  journal_.push_back(page.url);
  pages_[page.url] = std::move(c);
}

ChecklistFindings ChecklistCollector::Findings(const std::unordered_set<std::string>* only) const {
  ChecklistFindings out;
  std::lock_guard<std::mutex> lock(mu_);
  if (dictionary_) out.dictionary_entries = dictionary_->dictionary().entries.size();
  for (const auto& [url, c] : pages_) {  // by URL: sorted, deterministic
    if (only && !only->count(url)) continue;
    out.errors.insert(out.errors.end(), c.errors.begin(), c.errors.end());
    if (c.message) out.messages.push_back(*c.message);
    if (c.guide) out.guides.push_back(*c.guide);
    if (c.home) {
      KeepMax(out.homepage_newest, c.newest);
      out.homepage_dated_items += c.dated;
      out.consultation_entry = out.consultation_entry || c.consultation;
      out.service_entry = out.service_entry || c.service;
    } else if (c.depth == 1) {
      KeepMax(out.second_level_newest, c.newest);
    }
  }
  // Within a page, hits by offset (each page's list is in text order already).
  std::stable_sort(out.errors.begin(), out.errors.end(), [](const ErrorHit& a, const ErrorHit& b) {
    return a.url != b.url ? a.url < b.url : a.offset < b.offset;
  });
  return out;
}

// ---- checkpoints ----

namespace {

nlohmann::json DateJson(const std::optional<Date>& d) {
  return d ? nlohmann::json(d->ToString()) : nlohmann::json(nullptr);
}

std::optional<Date> DateOf(const nlohmann::json& j) {
  return j.is_string() ? Date::Parse(j.get<std::string>()) : std::nullopt;
}

nlohmann::json ToJson(const ChecklistCollector::Contribution& c) {
  nlohmann::json errors = nlohmann::json::array();
  for (const ErrorHit& e : c.errors)
    errors.push_back({e.word, e.serious, e.category, e.correct, e.context, e.offset});
  nlohmann::json j = {{"url", c.url},
                      {"depth", c.depth},
                      {"home", c.home},
                      {"errors", errors},
                      {"newest", DateJson(c.newest)},
                      {"dated", c.dated},
                      {"consultation", c.consultation},
                      {"service", c.service}};
  if (c.message) {
    const Message& m = *c.message;
    j["message"] = {{"title", m.title},
                    {"asked", DateJson(m.asked)},
                    {"replied", DateJson(m.replied)},
                    {"says_unanswered", m.says_unanswered},
                    {"excerpt", m.excerpt}};
  }
  if (c.guide) {
    const GuideCheck& g = c.guide->check;
    j["guide"] = {{"title", c.guide->title},
                  {"is_guide", g.is_guide},
                  {"present", g.present},
                  {"missing", g.missing},
                  {"vague", g.vague},
                  {"vague_excerpts", g.vague_excerpts},
                  {"unspecified", g.unspecified},
                  {"material_items", g.material_items},
                  {"further_missing", g.further_missing}};
  }
  return j;
}

ChecklistCollector::Contribution FromJson(const nlohmann::json& j) {
  ChecklistCollector::Contribution c;
  c.url = j.at("url").get<std::string>();
  c.depth = j.at("depth").get<int>();
  c.home = j.at("home").get<bool>();
  for (const nlohmann::json& e : j.at("errors"))
    c.errors.push_back({c.url, e.at(0).get<std::string>(), e.at(1).get<bool>(),
                        e.at(2).get<std::string>(), e.at(3).get<std::string>(),
                        e.at(4).get<std::string>(), e.at(5).get<size_t>()});
  c.newest = DateOf(j.at("newest"));
  c.dated = j.at("dated").get<int>();
  c.consultation = j.at("consultation").get<bool>();
  c.service = j.at("service").get<bool>();
  if (j.contains("message")) {
    const nlohmann::json& m = j["message"];
    c.message = Message{c.url,
                        m.at("title").get<std::string>(),
                        DateOf(m.at("asked")),
                        DateOf(m.at("replied")),
                        m.at("says_unanswered").get<bool>(),
                        m.at("excerpt").get<std::string>()};
  }
  if (j.contains("guide")) {
    const nlohmann::json& g = j["guide"];
    GuideCheck check;
    check.is_guide = g.at("is_guide").get<bool>();
    check.present = g.at("present").get<std::vector<std::string>>();
    check.missing = g.at("missing").get<std::vector<std::string>>();
    check.vague = g.at("vague").get<std::vector<std::string>>();
    check.vague_excerpts = g.at("vague_excerpts").get<std::vector<std::string>>();
    check.unspecified = g.at("unspecified").get<std::vector<std::string>>();
    check.material_items = g.at("material_items").get<int>();
    if (g.contains("further_missing"))  // absent in contributions stored before it existed
      check.further_missing = g["further_missing"].get<std::vector<std::string>>();
    c.guide = GuideRecord{c.url, g.at("title").get<std::string>(), std::move(check)};
  }
  return c;
}

}  // namespace

nlohmann::json ChecklistCollector::TakeJournal() {
  nlohmann::json out = nlohmann::json::array();
  std::lock_guard<std::mutex> lock(mu_);
  std::sort(journal_.begin(), journal_.end());
  journal_.erase(std::unique(journal_.begin(), journal_.end()), journal_.end());
  for (const std::string& url : journal_) out.push_back(ToJson(pages_.at(url)));
  journal_.clear();
  return out;
}

void ChecklistCollector::Restore(const nlohmann::json& journal) {
  std::vector<Contribution> in;
  try {
    for (const nlohmann::json& j : journal) in.push_back(FromJson(j));
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("checklist journal: ") + e.what(), "checkpoint");
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (Contribution& c : in) pages_[c.url] = std::move(c);
}

void ChecklistCollector::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  pages_.clear();
  journal_.clear();
}

size_t ChecklistCollector::pages() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pages_.size();
}

}  // namespace govscore::checklist
