// TLS findings: certificates are made at test time with the OpenSSL library and
// served by httplib::SSLServer on 127.0.0.1.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <filesystem>
#include <fstream>

#include "fetch/fetcher.h"
#include "fetch/loopback_server.h"
#include "sample/certificate.h"

namespace govscore {
namespace {

using std::chrono::milliseconds;
constexpr long kDay = 24 * 3600;

using sample::Certificate;
using sample::CertificateSpec;

// A certificate valid from now+not_before to now+not_after (seconds), signed
// by `issuer` (self-signed when null). `san` as in openssl config
// ("IP:127.0.0.1"), or empty.
Certificate MakeCert(const char* common_name, const std::string& san, long not_before,
                     long not_after, const Certificate* issuer = nullptr, bool ca = false) {
  CertificateSpec spec;
  spec.common_name = common_name;
  spec.san = san;
  spec.not_before_s = not_before;
  spec.not_after_s = not_after;
  spec.ca = ca;
  return sample::MakeCertificate(spec, issuer);
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ca_ = MakeCert("govscore test CA", "", -kDay, 30 * kDay, nullptr, true);
    ca_file_ = std::filesystem::temp_directory_path() /
               ("govscore-fetch-ca-" + std::to_string(::getpid()) + ".pem");
    std::ofstream(ca_file_) << ca_.cert_pem;
  }
  void TearDown() override { std::filesystem::remove(ca_file_); }

  // Serves "secure page" over TLS with `cert`; max_version limits the protocol.
  std::unique_ptr<LoopbackServer> Serve(const Certificate& cert, int max_version = 0) {
    auto ssl = std::make_unique<httplib::SSLServer>([=](SSL_CTX& ctx) {
      if (max_version != 0) {
        SSL_CTX_set_security_level(&ctx, 0);
        SSL_CTX_set_min_proto_version(&ctx, TLS1_VERSION);
        SSL_CTX_set_max_proto_version(&ctx, max_version);
        SSL_CTX_set_cipher_list(&ctx, "DEFAULT:@SECLEVEL=0");
      }
      return sample::UseCertificate(ctx, cert);
    });
    EXPECT_TRUE(ssl->is_valid());
    ssl->Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("secure page", "text/plain");
    });
    auto server = std::make_unique<LoopbackServer>(std::move(ssl), "https");
    server->Start();
    return server;
  }

  FetchOptions Options(bool insecure = true) {
    FetchOptions o;
    o.ca_file = ca_file_.string();
    o.insecure_tls_fetch = insecure;
    o.retries = 0;
    o.timeout_s = 5;
    return o;
  }

  // Serves with `cert` and fetches "/" once.
  FetchResult FetchServedWith(const Certificate& cert, bool insecure = true) {
    auto server = Serve(cert);
    Fetcher fetcher(Options(insecure));
    return Fetch(fetcher, server->Url("/"));
  }

  static FetchResult Fetch(Fetcher& fetcher, const std::string& url) {
    fetcher.Enqueue({url, FetchMethod::kGet, 1});
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      auto results = fetcher.Wait(milliseconds(200));
      if (!results.empty()) return results[0];
    }
    ADD_FAILURE() << "no result for " << url;
    return {};
  }

  static std::vector<std::string> Kinds(const FetchResult& r) {
    std::vector<std::string> kinds;
    for (const TlsIssue& issue : r.tls_issues) kinds.push_back(issue.kind);
    std::sort(kinds.begin(), kinds.end());
    return kinds;
  }

  Certificate ca_;
  std::filesystem::path ca_file_;
};

TEST_F(TlsTest, ValidCertificateHasNoIssues) {
  Certificate cert = MakeCert("127.0.0.1", "IP:127.0.0.1", -kDay, kDay, &ca_);
  FetchResult r = FetchServedWith(cert, /*insecure=*/false);
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "secure page");
  EXPECT_TRUE(r.tls_issues.empty()) << r.tls_issues[0].kind;
}

TEST_F(TlsTest, ExpiredCertificateIsRecordedAndPageStillFetched) {
  Certificate cert = MakeCert("127.0.0.1", "IP:127.0.0.1", -10 * kDay, -kDay, &ca_);
  auto server = Serve(cert);
  Fetcher fetcher(Options());
  FetchResult r = Fetch(fetcher, server->Url("/"));
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_message;
  EXPECT_EQ(r.body, "secure page");
  EXPECT_EQ(Kinds(r), std::vector<std::string>{"expired"});
  EXPECT_EQ(r.attempts, 1);  // TLS steps are not retries
}

TEST_F(TlsTest, ExpiredCertificateFailsWhenInsecureFetchIsOff) {
  Certificate cert = MakeCert("127.0.0.1", "IP:127.0.0.1", -10 * kDay, -kDay, &ca_);
  auto server = Serve(cert);
  Fetcher fetcher(Options(/*insecure=*/false));
  FetchResult r = Fetch(fetcher, server->Url("/"));
  EXPECT_EQ(r.error, FetchError::kTls);
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(Kinds(r), std::vector<std::string>{"expired"});
}

TEST_F(TlsTest, SelfSignedCertificate) {
  Certificate cert = MakeCert("127.0.0.1", "IP:127.0.0.1", -kDay, kDay);
  auto server = Serve(cert);
  Fetcher fetcher(Options());
  FetchResult r = Fetch(fetcher, server->Url("/"));
  EXPECT_EQ(r.body, "secure page");
  EXPECT_EQ(Kinds(r), std::vector<std::string>{"self_signed"});
  // The host's state is remembered: a second page carries the same finding.
  FetchResult again = Fetch(fetcher, server->Url("/?again"));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(Kinds(again), std::vector<std::string>{"self_signed"});
}

TEST_F(TlsTest, HostnameMismatch) {
  Certificate cert = MakeCert("www.example.gov.cn", "DNS:www.example.gov.cn", -kDay, kDay, &ca_);
  FetchResult r = FetchServedWith(cert);
  EXPECT_EQ(r.body, "secure page");
  EXPECT_EQ(Kinds(r), std::vector<std::string>{"hostname_mismatch"});
}

TEST_F(TlsTest, SelfSignedAndMismatchedBothRecorded) {
  Certificate cert = MakeCert("other.example", "DNS:other.example", -kDay, kDay);
  FetchResult r = FetchServedWith(cert);
  EXPECT_EQ(r.body, "secure page");
  EXPECT_EQ(Kinds(r), (std::vector<std::string>{"hostname_mismatch", "self_signed"}));
}

TEST_F(TlsTest, OldProtocolIsRecorded) {
  Certificate cert = MakeCert("127.0.0.1", "IP:127.0.0.1", -kDay, kDay, &ca_);
  auto server = Serve(cert, TLS1_1_VERSION);
  Fetcher fetcher(Options());
  FetchResult r = Fetch(fetcher, server->Url("/"));
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_message;
  EXPECT_EQ(r.body, "secure page");
  ASSERT_EQ(Kinds(r), std::vector<std::string>{"old_protocol"});
  EXPECT_NE(r.tls_issues[0].detail.find("TLSv1.1"), std::string::npos) << r.tls_issues[0].detail;
}

}  // namespace
}  // namespace govscore
