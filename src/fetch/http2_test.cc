// HTTP/2 against a real server: nginx on 127.0.0.1 with TLS (certificates made
// at test time, trusted through FetchOptions::ca_file) and http2 on. The
// fetcher must negotiate HTTP/2 by ALPN and multiplex parallel requests to one
// host over one connection, which nginx's own log confirms ($connection).
// nginx is required (scripts/setup.sh): without it these tests fail.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <set>

#include "fetch/fetcher.h"
#include "fetch/nginx_server.h"
#include "sample/certificate.h"
#include "sample/site.h"

namespace govscore {
namespace {

using std::chrono::milliseconds;

constexpr int kRequests = 8;

class Http2Test : public ::testing::Test {
 protected:
  void SetUp() override {
    sample::CertificateSpec ca_spec;
    ca_spec.common_name = "govscore test CA";
    ca_spec.ca = true;
    const sample::Certificate ca = sample::MakeCertificate(ca_spec);
    sample::CertificateSpec leaf_spec;
    leaf_spec.san = "IP:127.0.0.1";
    const sample::Certificate leaf = sample::MakeCertificate(leaf_spec, &ca);
    const int port = sample::FreeLoopbackPort();
    const std::string http =
        "  server {\n    listen 127.0.0.1:" + std::to_string(port) + " ssl http2;\n" +
        "    ssl_certificate {dir}/cert.pem;\n    ssl_certificate_key {dir}/key.pem;\n" +
        "    location / { return 200 \"page $uri over $server_protocol\"; }\n  }";
    // Throws (and so fails the test, naming the cause) when nginx is missing.
    nginx_ = std::make_unique<NginxServer>(port, http, [&](const std::filesystem::path& dir) {
      std::ofstream(dir / "cert.pem") << leaf.cert_pem;
      std::ofstream(dir / "key.pem") << leaf.key_pem;
      std::ofstream(dir / "ca.pem") << ca.cert_pem;
    });
  }

  FetchOptions Options(bool http2) const {
    FetchOptions o;
    o.ca_file = (nginx_->dir() / "ca.pem").string();
    o.insecure_tls_fetch = false;  // the certificate must verify
    o.http2 = http2;
    o.max_per_host = 4;
    o.retries = 0;
    o.timeout_s = 10;
    return o;
  }

  std::string Url(int i) const {
    return "https://127.0.0.1:" + std::to_string(nginx_->port()) + "/p" + std::to_string(i);
  }

  // Enqueues kRequests GETs at once and collects every result.
  std::vector<FetchResult> FetchAll(Fetcher& fetcher) const {
    for (int i = 0; i < kRequests; ++i) {
      fetcher.Enqueue({Url(i), FetchMethod::kGet, static_cast<uint64_t>(i)});
    }
    std::vector<FetchResult> all;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (all.size() < kRequests && std::chrono::steady_clock::now() < deadline) {
      for (FetchResult& r : fetcher.Wait(milliseconds(200))) all.push_back(std::move(r));
    }
    return all;
  }

  // Fetches kRequests pages at once; checks each came whole over `version`
  // (nginx's name for it: `protocol`) with a verified certificate. Returns the
  // connections they opened in total.
  int FetchAllOver(Fetcher& fetcher, int version, const std::string& protocol) const {
    const std::vector<FetchResult> results = FetchAll(fetcher);
    EXPECT_EQ(results.size(), static_cast<size_t>(kRequests));
    int opened = 0;
    for (const FetchResult& r : results) {
      EXPECT_EQ(r.error, FetchError::kNone) << r.url << ": " << r.error_message;
      EXPECT_EQ(r.status, 200) << r.url;
      EXPECT_EQ(r.http_version, version) << r.url;
      EXPECT_TRUE(r.tls_issues.empty()) << r.url << " " << r.tls_issues.front().kind;
      EXPECT_EQ(r.body, "page /p" + std::to_string(r.tag) + " over " + protocol);
      opened += r.connections_opened;
    }
    return opened;
  }

  // The distinct nginx connection serial numbers in the access log.
  std::set<std::string> Connections() const {
    std::set<std::string> ids;
    for (const std::string& line : nginx_->AccessLog(kRequests)) {
      ids.insert(line.substr(0, line.find(' ')));
    }
    return ids;
  }

  std::unique_ptr<NginxServer> nginx_;
};

TEST_F(Http2Test, ParallelRequestsShareOneHttp2Connection) {
  Fetcher fetcher(Options(/*http2=*/true));
  // libcurl's count and nginx's: one TLS connection carried every stream.
  EXPECT_EQ(FetchAllOver(fetcher, 20, "HTTP/2.0"), 1);
  const std::vector<std::string> log = nginx_->AccessLog(kRequests);
  ASSERT_EQ(log.size(), static_cast<size_t>(kRequests)) << nginx_->ReadFile("access.log");
  for (const std::string& line : log) {
    EXPECT_NE(line.find(" HTTP/2.0 GET /p"), std::string::npos) << line;
  }
  EXPECT_EQ(Connections().size(), 1u) << nginx_->ReadFile("access.log");
}

TEST_F(Http2Test, WithoutHttp2ParallelRequestsNeedSeveralConnections) {
  // The contrast that shows the first test measures something: HTTP/1.1 has
  // no multiplexing, so requests in flight together use separate connections.
  Fetcher fetcher(Options(/*http2=*/false));
  const int opened = FetchAllOver(fetcher, 11, "HTTP/1.1");
  EXPECT_GT(opened, 1);
  EXPECT_LE(opened, kRequests);
  EXPECT_EQ(Connections().size(), static_cast<size_t>(opened)) << nginx_->ReadFile("access.log");
}

TEST_F(Http2Test, SequentialRequestsReuseTheConnection) {
  Fetcher fetcher(Options(/*http2=*/true));
  int opened = 0;
  for (int i = 0; i < 3; ++i) {
    fetcher.Enqueue({Url(i), FetchMethod::kGet, static_cast<uint64_t>(i)});
    std::vector<FetchResult> r;
    for (int tries = 0; r.empty() && tries < 100; ++tries) r = fetcher.Wait(milliseconds(200));
    ASSERT_EQ(r.size(), 1u) << "no result for " << Url(i);
    EXPECT_EQ(r[0].http_version, 20);
    opened += r[0].connections_opened;
  }
  EXPECT_EQ(opened, 1);
}

}  // namespace
}  // namespace govscore
