// The checklist hook across mid-crawl checkpoints (ChecklistScanHook::
// WrapCheckpoints): a crawl resumed from a prefix of its log replays the logged
// pages without parsing them, so only the journal stored with each batch can
// bring back what they contributed (the homepage's dates, 留言, 办事指南,
// dictionary hits). With it, the resumed scan's checklist measures equal the
// uninterrupted scan's from every prefix; without it they do not.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>

#include "checklist/scan.h"
#include "sample/checklist_site.h"

namespace govscore::checklist {
namespace {

// Every list sorted: the crawl's page order varies between runs (parallel
// fetches), the set of items does not.
nlohmann::json Sorted(nlohmann::json j) {
  if (j.is_object())
    for (auto& [k, v] : j.items()) v = Sorted(v);
  if (j.is_array()) {
    std::vector<std::string> parts;
    for (auto& v : j) parts.push_back(Sorted(v).dump());
    std::sort(parts.begin(), parts.end());
    j = nlohmann::json::array();
    for (auto& p : parts) j.push_back(nlohmann::json::parse(p));
  }
  return j;
}

class ChecklistResume : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sample::ChecklistSiteOptions so;
    so.as_of = Date::FromYmd(2024, 6, 30);
    so.messages = {{Date::FromYmd(2024, 6, 3), Date::FromYmd(2024, 6, 5)},
                   {Date::FromYmd(2024, 1, 10), std::nullopt}};
    so.guides = {sample::ChecklistGuideSpec{}, sample::ChecklistGuideSpec{{"设定依据"}, true}};
    so.planted_terms = {"国务院办工厅"};
    so.stale_news_columns = 2;
    site_ = new sample::ChecklistSite(sample::ChecklistSite::Generate(so));
    server_ = new sample::StaticSiteServer(site_->files());
    Dictionary d;
    d.entries.push_back({"国务院办工厅", true, "错别字", "国务院办公厅", "", {}});
    holder_ = new std::shared_ptr<const DictionaryMatcher>(
        std::make_shared<const DictionaryMatcher>(std::move(d)));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete site_;
    delete holder_;
  }

  struct Run {
    std::string measures;              // the embedded checklist, as JSON text
    std::vector<std::string> batches;  // what the sink got
    size_t messages = 0, guides = 0, errors = 0;
  };
  // A scan with the hook (its checkpoints wrapped unless `wrap` is false),
  // resumed from `log` when not empty.
  static Run Scan(const std::vector<std::string>& log, bool wrap = true) {
    Run run;
    std::mutex mu;
    ScanOptions o;
    o.start_url = server_->base_url() + "/";
    o.as_of = Date::FromYmd(2024, 6, 30);
    o.timeout_s = 2;
    o.retries = 0;
    o.loopback_only = true;
    o.check_external = false;
    o.parse_threads = 2;
    o.checkpoint_every_pages = 3;
    o.checkpoint_every_s = 60;
    o.checkpoint_sink = [&](const std::string& batch, size_t) {
      std::lock_guard<std::mutex> lock(mu);
      run.batches.push_back(batch);
      return true;
    };
    size_t next = 0;
    if (!log.empty())
      o.resume_source = [&]() -> std::optional<std::string> {
        if (next >= log.size()) return std::nullopt;
        return log[next++];
      };
    o.checkpoint_discard = [] { ADD_FAILURE() << "the log did not replay"; };
    ChecklistScanOptions co;
    co.dictionary = *holder_;
    ChecklistScanHook hook(o, co);
    if (wrap) hook.WrapCheckpoints(o);
    const ScanReport report = RunScan(o);
    nlohmann::json doc;
    hook.Embed(doc, report);
    doc["checklist"].erase("resumed_pages");
    run.measures = Sorted(doc["checklist"]).dump();
    const ChecklistFindings f = hook.Findings();
    run.messages = f.messages.size();
    run.guides = f.guides.size();
    run.errors = f.errors.size();
    if (!log.empty()) {
      EXPECT_EQ(next, log.size()) << "not every batch was read";
    }
    return run;
  }

  static sample::ChecklistSite* site_;
  static sample::StaticSiteServer* server_;
  static std::shared_ptr<const DictionaryMatcher>* holder_;
};

sample::ChecklistSite* ChecklistResume::site_ = nullptr;
sample::StaticSiteServer* ChecklistResume::server_ = nullptr;
std::shared_ptr<const DictionaryMatcher>* ChecklistResume::holder_ = nullptr;

TEST_F(ChecklistResume, FromAnyPrefixOfTheLogTheMeasuresEqualTheUninterruptedScans) {
  const Run full = Scan({});
  ASSERT_EQ(full.messages, 2u);
  ASSERT_EQ(full.guides, 2u);
  ASSERT_EQ(full.errors, 1u);
  ASSERT_GE(full.batches.size(), 4u);
  // The batches carry the journal (plain crawl log text before it).
  EXPECT_NE(full.batches[0].find(" ckl1:["), std::string::npos);
  for (size_t k = 1; k < full.batches.size(); ++k) {
    const std::vector<std::string> prefix(full.batches.begin(), full.batches.begin() + k);
    const Run resumed = Scan(prefix);
    EXPECT_EQ(resumed.measures, full.measures) << "resumed after " << k << " batches";
  }
}

TEST_F(ChecklistResume, WithoutTheJournalTheReplayedPagesAreMissing) {
  const Run full = Scan({});
  const Run plain = Scan({}, /*wrap=*/false);  // batches without journal
  ASSERT_GE(plain.batches.size(), 2u);
  EXPECT_EQ(plain.batches[0].find(" ckl1:"), std::string::npos);
  EXPECT_EQ(plain.measures, full.measures);
  // The first batch holds the homepage: resumed from it without a journal,
  // the scan never sees the homepage (its dates, its entries) — the measures
  // differ; with the journal they do not.
  EXPECT_NE(Scan({plain.batches[0]}, false).measures, full.measures);
  EXPECT_EQ(Scan({full.batches[0]}).measures, full.measures);
}

}  // namespace
}  // namespace govscore::checklist
