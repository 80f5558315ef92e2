// Findings across scans: first/last seen, fixed-claimed, confirmed-fixed and
// reopened, with every transition kept.
#include <gmock/gmock.h>

#include "store/store_test_support.h"

namespace govscore::store::testing {
namespace {

class FindingsTest : public StoreTest {
 protected:
  ObservedFinding Broken(const std::string& path) {
    return {"link:http_4xx:http://a.example.gov.cn" + path, "broken_link",
            "http://a.example.gov.cn" + path, "404"};
  }
  const Finding& ByKey(const std::vector<Finding>& all, const std::string& path) {
    for (const auto& f : all)
      if (f.url == "http://a.example.gov.cn" + path) return f;
    throw Error("no finding " + path);
  }
};

TEST_P(FindingsTest, FirstAndLastSeenAcrossTwoScans) {
  Id unit = MakeUnit("a");
  Id s1 = MakeScan(unit);
  Millis t1 = now();
  auto u1 = store_->RecordScanFindings(admin, s1, {Broken("/x.pdf"), Broken("/y.html")});
  EXPECT_EQ(u1.opened, 2);

  Advance(86'400'000);
  Id s2 = MakeScan(unit);
  auto u2 = store_->RecordScanFindings(admin, s2, {Broken("/x.pdf"), Broken("/z.doc")});
  EXPECT_EQ(u2.opened, 1);
  EXPECT_EQ(u2.still_open, 1);
  EXPECT_EQ(u2.confirmed_fixed, 1);  // y.html is gone

  auto all = store_->ListFindings(unit);
  ASSERT_EQ(all.size(), 3u);
  const Finding& x = ByKey(all, "/x.pdf");
  EXPECT_EQ(x.state, FindingState::kOpen);
  EXPECT_EQ(x.first_seen_scan_id, s1);
  EXPECT_EQ(x.last_seen_scan_id, s2);
  EXPECT_EQ(x.first_seen_at, t1);
  EXPECT_EQ(x.last_seen_at, t1 + 86'400'000);
  const Finding& y = ByKey(all, "/y.html");
  EXPECT_EQ(y.state, FindingState::kConfirmedFixed);
  EXPECT_EQ(y.last_seen_scan_id, s1);
  const Finding& z = ByKey(all, "/z.doc");
  EXPECT_EQ(z.first_seen_scan_id, s2);
  EXPECT_EQ(store_->ListAudit("scan", s2).at(0).action, "findings.record");
}

// A unit with two websites: a scan of one confirms fixed only what it could
// have seen again, never the other website's findings.
TEST_P(FindingsTest, ScanOfOneWebsiteLeavesTheOthersFindingsOpen) {
  Id unit = MakeUnit("a");
  const std::string portal = "http://a.example.gov.cn/", mobile = "http://m.a.example.gov.cn/";
  store_->RecordScanFindings(admin, MakeScan(unit, portal), {Broken("/x.pdf")});
  store_->RecordScanFindings(admin, MakeScan(unit, mobile),
                             {{"link:http://m.a.example.gov.cn/y.html", "broken_link",
                               "http://m.a.example.gov.cn/y.html", "404"}});

  auto u = store_->RecordScanFindings(admin, MakeScan(unit, portal), {});
  EXPECT_EQ(u.confirmed_fixed, 1);  // x.pdf, the portal's own
  for (const Finding& f : store_->ListFindings(unit))
    EXPECT_EQ(f.state,
              f.url.starts_with("http://m.") ? FindingState::kOpen : FindingState::kConfirmedFixed)
        << f.url;

  u = store_->RecordScanFindings(admin, MakeScan(unit, mobile), {});
  EXPECT_EQ(u.confirmed_fixed, 1);  // now y.html too
}

TEST_P(FindingsTest, ClaimedFixThenConfirmedOrReopened) {
  Id unit = MakeUnit("a");
  store_->RecordScanFindings(admin, MakeScan(unit), {Broken("/x.pdf"), Broken("/y.html")});
  auto all = store_->ListFindings(unit);
  Id x = ByKey(all, "/x.pdf").id, y = ByKey(all, "/y.html").id;

  const Actor webmaster{std::nullopt, "webmaster-a"};
  store_->ClaimFindingFixed(webmaster, x, "附件已重新上传");
  store_->ClaimFindingFixed(webmaster, y, "链接已修改");
  EXPECT_EQ(store_->FindFinding(x)->state, FindingState::kFixedClaimed);
  EXPECT_THROW(store_->ClaimFindingFixed(webmaster, x, "again"), Error);  // already claimed

  // The next scan still sees x (the claim was wrong) but not y (really fixed).
  Id s2 = MakeScan(unit);
  auto u = store_->RecordScanFindings(admin, s2, {Broken("/x.pdf")});
  EXPECT_EQ(u.reopened, 1);
  EXPECT_EQ(u.confirmed_fixed, 1);
  EXPECT_EQ(store_->FindFinding(x)->state, FindingState::kReopened);
  EXPECT_EQ(store_->FindFinding(y)->state, FindingState::kConfirmedFixed);

  // A confirmed fix that breaks again is reopened, keeping its first sighting.
  Id s3 = MakeScan(unit);
  store_->RecordScanFindings(admin, s3, {Broken("/x.pdf"), Broken("/y.html")});
  auto fy = store_->FindFinding(y);
  EXPECT_EQ(fy->state, FindingState::kReopened);
  EXPECT_EQ(fy->last_seen_scan_id, s3);
  EXPECT_NE(fy->first_seen_scan_id, s3);

  auto h = store_->FindingHistory(y);
  ASSERT_EQ(h.size(), 4u);
  EXPECT_FALSE(h[0].from);
  EXPECT_EQ(h[0].to, FindingState::kOpen);
  EXPECT_EQ(h[1].to, FindingState::kFixedClaimed);
  EXPECT_EQ(h[1].actor, "webmaster-a");
  EXPECT_EQ(h[1].note, "链接已修改");
  EXPECT_EQ(h[2].to, FindingState::kConfirmedFixed);
  EXPECT_EQ(h[2].scan_id, s2);
  EXPECT_EQ(h[3].from, FindingState::kConfirmedFixed);
  EXPECT_EQ(h[3].to, FindingState::kReopened);

  auto audit = store_->ListAudit("finding", x);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "webmaster-a");
}

TEST_P(FindingsTest, FindingsBelongToTheirUnit) {
  Id a = MakeUnit("a"), b = MakeUnit("b");
  store_->RecordScanFindings(admin, MakeScan(a), {Broken("/x.pdf")});
  // A scan of b that sees nothing must not confirm a's finding.
  store_->RecordScanFindings(admin, MakeScan(b), {});
  EXPECT_EQ(store_->ListFindings(a).at(0).state, FindingState::kOpen);
  EXPECT_TRUE(store_->ListFindings(b).empty());
  EXPECT_THROW(store_->RecordScanFindings(admin, 999999, {}), Error);
  EXPECT_THROW(store_->RecordScanFindings(admin, MakeScan(a), {{"", "k", "", ""}}), Error);
}

GOVSCORE_STORE_TEST_SUITE(FindingsTest);

}  // namespace
}  // namespace govscore::store::testing
