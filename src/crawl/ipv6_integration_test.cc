// IPv6 support measured on loopback only: the sample site served on
// 127.0.0.1:P (the crawl) and, for the passing case, also on [::1]:P; names are
// resolved through ScanOptions::ipv6_resolve (a hosts-style override), never
// through DNS, and only ::1 is contacted.
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "crawl/crawler.h"
#include "sample/site.h"

namespace govscore {
namespace {

// Serves `site` on [::1]:port until destroyed.
class Ipv6Mirror {
 public:
  Ipv6Mirror(const sample::Site& site, int port) {
    server_.Get(R"(.*)", [&site](const httplib::Request& req, httplib::Response& res) {
      sample::Reply r = site.Answer(req.method, req.path, "", 2);  // 2: transient pages answer
      res.status = r.status;
      if (!r.location.empty()) res.set_header("Location", r.location);
      res.set_content(r.body, r.content_type + (r.charset.empty() ? "" : "; charset=" + r.charset));
    });
    bound_ = server_.bind_to_port("::1", port);
    if (bound_) thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Ipv6Mirror() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  bool bound() const { return bound_; }

 private:
  httplib::Server server_;
  std::thread thread_;
  bool bound_ = false;
};

const sample::Site& Site() {
  static const sample::Site site = [] {
    sample::SiteOptions o;
    o.articles = 60;
    o.defects = false;  // links to nowhere are not the point here
    return sample::Site::Generate(o);
  }();
  return site;
}

ScanReport Scan(const sample::Server& server,
                std::map<std::string, std::vector<std::string>> resolve) {
  ScanOptions o;
  o.start_url = server.base_url() + "/";
  o.as_of = Site().options().as_of;
  o.timeout_s = 2;
  o.retries = 0;
  o.loopback_only = true;
  o.ipv6_check = true;
  o.ipv6_resolve = std::move(resolve);
  return RunScan(o);
}

TEST(Ipv6Scan, ServedOnBothFamilies) {
  sample::Server server(Site());
  Ipv6Mirror mirror(Site(), server.port());
  ASSERT_TRUE(mirror.bound()) << "[::1]:" << server.port() << " is taken";
  ScanReport r = Scan(server, {{"127.0.0.1", {"127.0.0.1", "::1"}}});
  const Ipv6Report& v = r.site_facts.ipv6;
  ASSERT_TRUE(v.checked);
  EXPECT_TRUE(v.site_aaaa);
  EXPECT_EQ(v.homepage.address, "::1");
  EXPECT_TRUE(v.homepage.reachable) << v.homepage.detail;
  EXPECT_GT(v.links, 10u);
  EXPECT_EQ(v.links_aaaa, v.links);
  EXPECT_EQ(v.links_reachable, v.links);
  for (const Ipv6Target& t : v.targets) EXPECT_TRUE(t.depth == 1 || t.depth == 2) << t.url;
}

TEST(Ipv6Scan, AaaaButNothingListensOnIpv6) {
  sample::Server server(Site());
  ScanReport r = Scan(server, {{"127.0.0.1", {"::1"}}});
  const Ipv6Report& v = r.site_facts.ipv6;
  EXPECT_TRUE(v.site_aaaa);
  EXPECT_FALSE(v.homepage.reachable);
  EXPECT_FALSE(v.homepage.detail.empty());
  EXPECT_GT(v.links, 10u);
  EXPECT_EQ(v.links_aaaa, v.links);
  EXPECT_EQ(v.links_reachable, 0u);
}

TEST(Ipv6Scan, NoAaaaAndNoDnsUnderLoopbackOnly) {
  sample::Server server(Site());
  ScanReport r = Scan(server, {});
  const Ipv6Report& v = r.site_facts.ipv6;
  ASSERT_TRUE(v.checked);
  EXPECT_FALSE(v.site_aaaa);
  EXPECT_TRUE(v.homepage.address.empty());
  EXPECT_EQ(v.links_aaaa, 0u);
  EXPECT_EQ(v.links_reachable, 0u);
}

// Without --loopback-only the IPv6 check obeys the scan's address policy: an
// AAAA record into a unique-local range the operator did not allow is refused
// before any connection, like the crawl's own links.
TEST(Ipv6Scan, AaaaIntoARefusedRangeIsNotContacted) {
  sample::Server server(Site());
  ScanOptions o;
  o.start_url = server.base_url() + "/";
  o.as_of = Site().options().as_of;
  o.timeout_s = 2;
  o.retries = 0;
  o.allow_networks = {"127.0.0.0/8"};
  o.check_external = false;
  o.ipv6_check = true;
  o.ipv6_resolve = {{"127.0.0.1", {"fd00:6::1"}}};
  ScanReport r = RunScan(o);
  const Ipv6Report& v = r.site_facts.ipv6;
  ASSERT_TRUE(v.checked);
  EXPECT_TRUE(v.site_aaaa);
  EXPECT_EQ(v.homepage.address, "fd00:6::1");
  EXPECT_FALSE(v.homepage.reachable);
  EXPECT_NE(v.homepage.detail.find("不在允许访问的范围内"), std::string::npos) << v.homepage.detail;
  EXPECT_EQ(v.links_reachable, 0u);
}

TEST(Ipv6Scan, OnlyLoopbackIsContacted) {
  Ipv6Options o;
  o.resolve = {{"www.example.gov.cn", {"2001:db8::1"}}};
  o.address_allowed = [](const std::string& ip) { return ip == "::1"; };
  o.timeout_s = 1;
  Ipv6Report v = CheckIpv6("http://www.example.gov.cn/", {{"http://www.example.gov.cn/a/", 1}}, o);
  EXPECT_TRUE(v.site_aaaa);            // the record exists …
  EXPECT_FALSE(v.homepage.reachable);  // … but the address is refused before connecting
  EXPECT_NE(v.homepage.detail.find("不在允许访问的范围内"), std::string::npos);
  EXPECT_EQ(v.links_aaaa, 1u);
  EXPECT_EQ(v.links_reachable, 0u);
}

}  // namespace
}  // namespace govscore
