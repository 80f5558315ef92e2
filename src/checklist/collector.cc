#include "checklist/collector.h"

#include <algorithm>

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
  if (dictionary_) f_.dictionary_entries = dictionary_->dictionary().entries.size();
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
  int dated = 0;
  std::optional<Date> newest = NewestItem(facts, as_of_, &dated);
  bool consultation = false, service = false;
  if (page.kind == PageKind::kHome) {
    for (const RawLink& l : facts.links) {
      if (IsConsultationColumn(l.text)) consultation = true;
      if (Contains(l.text, "办事服务") || Contains(l.text, "政务服务") ||
          Contains(l.text, "网上办事") || Contains(l.text, "办事指南"))
        service = true;
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (ErrorHit& e : errors) f_.errors.push_back(std::move(e));
  if (message) f_.messages.push_back(std::move(*message));
  if (guide) f_.guides.push_back(std::move(*guide));
  if (page.kind == PageKind::kHome) {
    KeepMax(f_.homepage_newest, newest);
    f_.homepage_dated_items += dated;
    f_.consultation_entry = f_.consultation_entry || consultation;
    f_.service_entry = f_.service_entry || service;
  } else if (page.depth == 1) {
    KeepMax(f_.second_level_newest, newest);
  }
}

ChecklistFindings ChecklistCollector::Findings() const {
  ChecklistFindings out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    out = f_;
  }
  std::sort(out.messages.begin(), out.messages.end(),
            [](const Message& a, const Message& b) { return a.url < b.url; });
  std::sort(out.guides.begin(), out.guides.end(),
            [](const GuideRecord& a, const GuideRecord& b) { return a.url < b.url; });
  std::sort(out.errors.begin(), out.errors.end(), [](const ErrorHit& a, const ErrorHit& b) {
    return a.url != b.url ? a.url < b.url : a.offset < b.offset;
  });
  return out;
}

}  // namespace govscore::checklist
