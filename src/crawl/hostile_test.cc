// Scans of a hostile site on 127.0.0.1 (fetch/hostile_server.h): the crawl must
// end, keep crawling the ordinary pages, name each problem, and stay within
// bounded memory. A watchdog ends the process if a scan hangs, so a hang fails
// the test instead of waiting for ctest's timeout.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <string>
#include <thread>

#include "checks/link_result.h"
#include "core/error.h"
#include "crawl/crawler.h"
#include "fetch/hostile_server.h"

namespace govscore {
namespace {

using fetch_testing::HostileSite;

// Peak resident memory of this process so far (VmHWM), in MiB.
size_t PeakRssMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoul(line.substr(6)) / 1024;
  }
  return 0;
}

ScanOptions HostileOptions(const HostileSite& site) {
  ScanOptions o;
  o.start_url = site.Url("/");
  o.allow_networks = {"127.0.0.0/8"};
  // Generous for a loaded test machine: httplib's listen backlog is 5, and a
  // connection the server is slow to accept must not pass for a hostile one.
  o.timeout_s = 4;
  o.connect_timeout_s = 4;
  o.retries = 0;
  o.max_body_bytes = 2 << 20;
  o.max_decoded_bytes = 4 << 20;
  // No Accept-Encoding: httplib would gzip the endless and gigantic bodies
  // itself and spend the test's time compressing. The bombs are sent gzipped
  // whatever was asked (as hostile servers do) and are decoded all the same.
  o.compression = false;
  o.max_depth = 6;     // the trap's deeper paths end here at the latest
  o.max_pages = 2000;  // a safety net only: the trap defences must act first
  o.concurrency = 4;
  o.per_host = 4;
  o.parse_threads = 2;
  o.check_external = false;
  return o;
}

// Runs the scan on another thread; a scan still running after `limit` is a
// hang: the test process reports it and exits, which fails the test.
ScanReport ScanWithDeadline(const ScanOptions& o, std::chrono::seconds limit) {
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::thread watchdog([done, limit, url = o.start_url] {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done->load()) {
      if (std::chrono::steady_clock::now() > deadline) {
        std::fprintf(stderr, "FATAL: scan of %s did not end within %lld s\n", url.c_str(),
                     static_cast<long long>(limit.count()));
        std::fflush(stderr);
        std::_Exit(3);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  ScanReport report;
  try {
    report = RunScan(o);
  } catch (...) {
    done->store(true);
    watchdog.join();
    throw;
  }
  done->store(true);
  watchdog.join();
  return report;
}

const LinkRecord* FindLink(const ScanReport& r, const std::string& suffix) {
  for (const LinkRecord& l : r.links) {
    if (l.target.size() >= suffix.size() &&
        l.target.compare(l.target.size() - suffix.size(), suffix.size(), suffix) == 0)
      return &l;
  }
  return nullptr;
}

bool HasPage(const ScanReport& r, const std::string& suffix) {
  return std::any_of(r.pages.begin(), r.pages.end(), [&](const PageRecord& p) {
    return p.url.size() >= suffix.size() &&
           p.url.compare(p.url.size() - suffix.size(), suffix.size(), suffix) == 0;
  });
}

// What the scan reported, for failure messages.
std::string Dump(const ScanReport& r) {
  std::string out = "\npages:";
  for (const PageRecord& p : r.pages) out += "\n  " + p.url + " [" + p.charset + "] " + p.title;
  out += "\nlinks:";
  for (const LinkRecord& l : r.links)
    out += "\n  " + l.target + " " + std::string(LinkResultName(l.result)) + " " + l.detail;
  out += "\nwarnings:";
  for (const std::string& w : r.warnings) out += "\n  " + w;
  return out;
}

bool HasWarning(const ScanReport& r, const std::string& part) {
  return std::any_of(r.warnings.begin(), r.warnings.end(),
                     [&](const std::string& w) { return w.find(part) != std::string::npos; });
}

TEST(HostileSiteTest, ScanEndsKeepsGoingAndNamesEveryProblem) {
  HostileSite site;
  const ScanReport r = ScanWithDeadline(HostileOptions(site), std::chrono::seconds(150));

  // The ordinary pages were crawled despite everything around them.
  EXPECT_TRUE(HasPage(r, "/ok.html"));
  EXPECT_TRUE(HasPage(r, "/ok2.html"));
  EXPECT_TRUE(HasPage(r, "/malformed.html"));
  EXPECT_TRUE(HasPage(r, "/binary.html")) << Dump(r);
  for (const char* lying : {"/charset-lie.html", "/charset-bogus.html", "/charset-utf16.html"}) {
    EXPECT_TRUE(HasPage(r, lying)) << lying;
  }
  // GBK bytes under a UTF-8 header: the bytes decide, the title is readable.
  for (const PageRecord& p : r.pages) {
    if (p.url.find("/charset-lie.html") != std::string::npos) {
      EXPECT_EQ(p.title, "政府");
    }
  }

  // Each problem is named.
  const LinkRecord* trickle = FindLink(r, "/trickle.html");
  ASSERT_NE(trickle, nullptr);
  EXPECT_EQ(trickle->result, LinkResult::kTimeout) << trickle->detail;
  const LinkRecord* redirects = FindLink(r, "/redirect/0");
  ASSERT_NE(redirects, nullptr);
  EXPECT_EQ(redirects->result, LinkResult::kTooManyRedirects) << redirects->detail;
  const LinkRecord* loop = FindLink(r, "/loop-a");
  ASSERT_NE(loop, nullptr);
  EXPECT_EQ(loop->result, LinkResult::kRedirectLoop) << loop->detail << Dump(r);
  const LinkRecord* metadata = FindLink(r, "/to-metadata");
  ASSERT_NE(metadata, nullptr);
  EXPECT_EQ(metadata->result, LinkResult::kBlocked);
  EXPECT_NE(metadata->detail.find("169.254.0.0/16 (link-local)"), std::string::npos)
      << metadata->detail;
  for (const char* cut : {"/gigantic.html", "/bomb.html", "/endless.html"}) {
    EXPECT_TRUE(HasWarning(r, std::string("页面超过大小上限，未解析（body larger than the cap")))
        << cut;
    EXPECT_TRUE(HasWarning(r, cut)) << cut << Dump(r);
  }

  // The spider trap was stopped by the trap defences, not by the page limit.
  EXPECT_FALSE(r.traps.empty());
  EXPECT_GT(r.summary.trapped_urls, 0u);
  EXPECT_EQ(r.summary.page_limit_refusals, 0u);
  EXPECT_LT(r.pages.size(), 1000u);

  // Bounded memory: the bomb inflates to 256 MiB and the gigantic page is
  // 256 MiB; with the caps (4 MiB decoded) the process stays far below either.
  EXPECT_LT(PeakRssMiB(), 400u);
}

struct RobotsCase {
  HostileSite::Robots robots;
  const char* name;
};

class HostileRobotsTest : public ::testing::TestWithParam<RobotsCase> {};

TEST_P(HostileRobotsTest, AnyRobotsTxtLeavesTheCrawlWorking) {
  HostileSite site(GetParam().robots);
  ScanOptions o = HostileOptions(site);
  // Only what robots.txt affects: the homepage and the ordinary pages.
  o.exclude = {"/(trap|gigantic|bomb|endless|trickle|redirect|loop)"};
  const ScanReport r = ScanWithDeadline(o, std::chrono::seconds(90));
  EXPECT_TRUE(HasPage(r, "/ok.html")) << GetParam().name;
  EXPECT_TRUE(HasPage(r, "/ok2.html")) << GetParam().name;
  ASSERT_EQ(r.robots.size(), 1u);
  EXPECT_EQ(r.robots[0].host, "127.0.0.1:" + std::to_string(site.port()));
  EXPECT_LT(PeakRssMiB(), 400u);
}

INSTANTIATE_TEST_SUITE_P(Shapes, HostileRobotsTest,
                         ::testing::Values(RobotsCase{HostileSite::Robots::kNone, "none"},
                                           RobotsCase{HostileSite::Robots::kHuge, "huge"},
                                           RobotsCase{HostileSite::Robots::kBinary, "binary"},
                                           RobotsCase{HostileSite::Robots::kMalformed, "malformed"},
                                           RobotsCase{HostileSite::Robots::kEndless, "endless"},
                                           RobotsCase{HostileSite::Robots::kTrickle, "trickle"},
                                           RobotsCase{HostileSite::Robots::kRedirectLoop,
                                                      "redirect_loop"},
                                           RobotsCase{HostileSite::Robots::kGzipBomb, "gzip_bomb"}),
                         [](const ::testing::TestParamInfo<RobotsCase>& param) {
                           return std::string(param.param.name);
                         });

TEST(HostileRobotsTest, HugeRobotsIsCutAndNamed) {
  HostileSite site(HostileSite::Robots::kHuge);
  ScanOptions o = HostileOptions(site);
  o.exclude = {"/(trap|gigantic|bomb|endless|trickle|redirect|loop)"};
  const ScanReport r = ScanWithDeadline(o, std::chrono::seconds(90));
  EXPECT_TRUE(HasWarning(r, "robots.txt 超过大小上限")) << Dump(r);
}

TEST(HostileRobotsTest, MalformedRobotsStillKeepsItsReadableRules) {
  HostileSite site(HostileSite::Robots::kMalformed);
  ScanOptions o = HostileOptions(site);
  o.exclude = {"/(gigantic|bomb|endless|trickle|redirect|loop)"};
  const ScanReport r = ScanWithDeadline(o, std::chrono::seconds(90));
  ASSERT_EQ(r.robots.size(), 1u);
  EXPECT_EQ(r.robots[0].status, 200);
  EXPECT_GT(r.robots[0].rules, 0u);
  EXPECT_TRUE(HasPage(r, "/ok.html"));
}

TEST(HostileConfinementTest, ScanRefusesLoopbackUnlessAllowed) {
  HostileSite site;
  ScanOptions o = HostileOptions(site);
  o.allow_networks.clear();
  try {
    RunScan(o);
    FAIL() << "a scan of 127.0.0.1 without --allow-network must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.0/8 (loopback)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--allow-network"), std::string::npos) << e.what();
  }
  o.allow_networks = {"10.0.0.0/8"};  // another range does not help
  EXPECT_THROW(RunScan(o), Error);
  o.allow_networks = {"not-a-network"};
  EXPECT_THROW(RunScan(o), Error);
  o.start_url = "http://localhost:" + std::to_string(site.port()) + "/";
  o.allow_networks.clear();
  try {
    RunScan(o);  // a name is judged by the address it resolves to
    FAIL() << "localhost must be refused too";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("localhost resolved to"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace govscore
