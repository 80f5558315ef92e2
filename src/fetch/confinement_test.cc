// The address policy inside the Fetcher: literal hosts judged before any
// connection, names judged by the address libcurl is about to connect to
// (after DNS), redirect hops judged like first requests. Only 127.0.0.0/8 is
// ever connected to here; a refused address must not even get a socket.
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <map>

#include "core/percent_encode.h"
#include "fetch/address_policy.h"
#include "fetch/fetcher.h"
#include "fetch/loopback_server.h"

namespace govscore {
namespace {

using std::chrono::milliseconds;

using Clock = std::chrono::steady_clock;

FetchResult FetchOne(const FetchOptions& options, const std::string& url,
                     FetchMethod method = FetchMethod::kGet) {
  Fetcher fetcher(options);
  fetcher.Enqueue(FetchRequest{url, method, 1});
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  while (Clock::now() < deadline) {
    for (FetchResult& r : fetcher.Wait(milliseconds(200))) return r;
  }
  ADD_FAILURE() << "fetch did not finish: " << url;
  return {};
}

FetchOptions WithPolicy(AddressPolicy policy) {
  FetchOptions o;
  o.timeout_s = 5;
  o.retries = 1;
  o.retry_backoff = milliseconds(10);
  o.address_policy = std::make_shared<AddressPolicy>(std::move(policy));
  return o;
}

AddressPolicy Allowing(std::initializer_list<const char*> networks) {
  AddressPolicy p;
  for (const char* n : networks) p.Allow(n);
  return p;
}

class ConfinementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.server().Get("/page", [this](const httplib::Request&, httplib::Response& res) {
      ++hits_;
      res.set_content("<p>ok</p>", "text/html");
    });
    // Redirects to wherever ?to= says: the hostile site sending the crawler
    // into the operator's network.
    server_.server().Get("/go", [this](const httplib::Request& req, httplib::Response& res) {
      ++hits_;
      res.status = 302;
      res.set_header("Location", req.get_param_value("to"));
    });
    server_.Start();
  }
  std::string PortSuffix() const { return ":" + std::to_string(server_.port()); }

  LoopbackServer server_;
  std::atomic<int> hits_{0};
};

TEST_F(ConfinementTest, LoopbackIsRefusedByDefaultWithoutAConnection) {
  const FetchResult r = FetchOne(WithPolicy(AddressPolicy()), server_.Url("/page"));
  EXPECT_EQ(r.error, FetchError::kBlocked);
  EXPECT_EQ(r.error_message,
            "blocked by address policy: 127.0.0.1: 127.0.0.1 is in 127.0.0.0/8 (loopback)");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(hits_.load(), 0);
}

TEST_F(ConfinementTest, AllowedNetworkIsFetched) {
  for (const char* network : {"127.0.0.0/8", "127.0.0.1/32", "127.0.0.1"}) {
    const FetchResult r = FetchOne(WithPolicy(Allowing({network})), server_.Url("/page"));
    EXPECT_EQ(r.error, FetchError::kNone) << network << ": " << r.error_message;
    EXPECT_EQ(r.status, 200) << network;
  }
  EXPECT_EQ(hits_.load(), 3);
}

TEST_F(ConfinementTest, NameResolvingToRefusedAddressIsBlockedAfterDns) {
  // "localhost" passes the check before DNS (it is a name); its addresses
  // (127.0.0.1, ::1) are refused when libcurl is about to connect.
  const FetchResult r =
      FetchOne(WithPolicy(AddressPolicy()), "http://localhost" + PortSuffix() + "/page");
  EXPECT_EQ(r.error, FetchError::kBlocked) << r.error_message;
  EXPECT_NE(r.error_message.find("blocked by address policy: localhost resolved to "),
            std::string::npos)
      << r.error_message;
  EXPECT_NE(r.error_message.find("(loopback)"), std::string::npos) << r.error_message;
  EXPECT_EQ(r.attempts, 1);  // not retried
  EXPECT_EQ(hits_.load(), 0);
}

TEST_F(ConfinementTest, PinnedResolutionIsJudgedByAddress) {
  // A site name pinned (as DNS rebinding would) to a loopback address the
  // policy does not allow: refused at connect time, whatever the name.
  FetchOptions o = WithPolicy(Allowing({"127.0.0.1/32"}));
  o.resolve = {"www.rebind.test" + PortSuffix() + ":127.0.0.2"};
  FetchResult r = FetchOne(o, "http://www.rebind.test" + PortSuffix() + "/page");
  EXPECT_EQ(r.error, FetchError::kBlocked) << r.error_message;
  EXPECT_NE(r.error_message.find("www.rebind.test resolved to 127.0.0.2 is in 127.0.0.0/8"),
            std::string::npos)
      << r.error_message;
  // The same name pinned to the allowed address is fetched.
  o.resolve = {"www.rebind.test" + PortSuffix() + ":127.0.0.1"};
  r = FetchOne(o, "http://www.rebind.test" + PortSuffix() + "/page");
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(hits_.load(), 1);
}

TEST_F(ConfinementTest, RedirectIntoRefusedRangeIsBlocked) {
  FetchOptions o = WithPolicy(Allowing({"127.0.0.1/32"}));
  o.resolve = {"intranet.test" + PortSuffix() + ":127.0.0.2"};
  struct Case {
    std::string to, message_part;
  };
  const std::vector<Case> cases = {
      // literal, judged before any lookup
      {"http://127.0.0.2" + PortSuffix() + "/page", "127.0.0.2 is in 127.0.0.0/8 (loopback)"},
      {"http://169.254.169.254/latest/meta-data/", "169.254.0.0/16 (link-local)"},
      {"http://[::1]" + PortSuffix() + "/page", "::1/128 (loopback)"},
      {"http://[::ffff:127.0.0.2]" + PortSuffix() + "/page", "(IPv4-mapped)"},
      {"http://[fe80::1]/", "fe80::/10 (link-local)"},
      {"http://[fd00::1]/", "fc00::/7 (unique local)"},
      // a name, judged by its address after DNS
      {"http://intranet.test" + PortSuffix() + "/page",
       "intranet.test resolved to 127.0.0.2 is in 127.0.0.0/8"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.to);
    hits_ = 0;
    const FetchResult r = FetchOne(o, server_.Url("/go?to=" + PercentEncode(c.to)));
    EXPECT_EQ(r.error, FetchError::kBlocked) << r.error_message;
    EXPECT_NE(r.error_message.find(c.message_part), std::string::npos) << r.error_message;
    ASSERT_EQ(r.redirects.size(), 1u);
    EXPECT_EQ(r.redirects[0].status, 302);
    EXPECT_EQ(hits_.load(), 1);  // only the redirecting page was served
  }
}

TEST_F(ConfinementTest, RedirectWithinAllowedRangeIsFollowed) {
  const FetchOptions o = WithPolicy(Allowing({"127.0.0.0/8"}));
  const FetchResult r = FetchOne(
      o, server_.Url("/go?to=" + PercentEncode("http://127.0.0.1" + PortSuffix() + "/page")));
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.redirects.size(), 1u);
}

TEST_F(ConfinementTest, LoopbackOnlyResolvesNoOtherNames) {
  const FetchOptions o = WithPolicy(AddressPolicy::LoopbackOnly());
  FetchResult r = FetchOne(o, "http://www.example.gov.cn/");
  EXPECT_EQ(r.error, FetchError::kBlocked);
  EXPECT_NE(r.error_message.find("is not resolved"), std::string::npos) << r.error_message;
  r = FetchOne(o, "http://8.8.8.8/");
  EXPECT_EQ(r.error, FetchError::kBlocked);
  EXPECT_NE(r.error_message.find("outside the allowed networks"), std::string::npos)
      << r.error_message;
  r = FetchOne(o, "http://localhost" + PortSuffix() + "/page");
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_message;
  EXPECT_EQ(r.status, 200);
}

}  // namespace
}  // namespace govscore
