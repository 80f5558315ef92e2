// TLS findings: certificates are made at test time with the OpenSSL library and
// served by httplib::SSLServer on 127.0.0.1.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>

#include "fetch/fetcher.h"
#include "fetch/loopback_server.h"

namespace govscore {
namespace {

using std::chrono::milliseconds;
constexpr long kDay = 24 * 3600;

struct KeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertDeleter {
  void operator()(X509* c) const { X509_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyDeleter>;
using Cert = std::unique_ptr<X509, CertDeleter>;

Key MakeKey() { return Key(EVP_EC_gen("P-256")); }

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  ASSERT_NE(ext, nullptr);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `key` valid from now+not_before to now+not_after (seconds),
// signed by `issuer_key` (self-signed when issuer is null). `san` as in openssl
// config ("IP:127.0.0.1"), or empty.
Cert MakeCert(EVP_PKEY* key, const char* common_name, const std::string& san, long not_before,
              long not_after, X509* issuer = nullptr, EVP_PKEY* issuer_key = nullptr,
              bool ca = false) {
  Cert cert(X509_new());
  static long serial = 1;
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), ++serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), not_before);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), not_after);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  if (ca) {
    AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExtension(cert.get(), signer, NID_basic_constraints, "CA:FALSE");
  }
  if (!san.empty()) AddExtension(cert.get(), signer, NID_subject_alt_name, san.c_str());
  X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256());
  return cert;
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ca_key_ = MakeKey();
    ca_ = MakeCert(ca_key_.get(), "govscore test CA", "", -kDay, 30 * kDay, nullptr, nullptr, true);
    ca_file_ = std::filesystem::temp_directory_path() /
               ("govscore-fetch-ca-" + std::to_string(::getpid()) + ".pem");
    FILE* f = std::fopen(ca_file_.c_str(), "w");
    ASSERT_NE(f, nullptr);
    PEM_write_X509(f, ca_.get());
    std::fclose(f);
  }
  void TearDown() override { std::filesystem::remove(ca_file_); }

  // Serves "secure page" over TLS with `cert`; max_version limits the protocol.
  std::unique_ptr<LoopbackServer> Serve(X509* cert, EVP_PKEY* key, int max_version = 0) {
    auto ssl = std::make_unique<httplib::SSLServer>([=](SSL_CTX& ctx) {
      if (max_version != 0) {
        SSL_CTX_set_security_level(&ctx, 0);
        SSL_CTX_set_min_proto_version(&ctx, TLS1_VERSION);
        SSL_CTX_set_max_proto_version(&ctx, max_version);
        SSL_CTX_set_cipher_list(&ctx, "DEFAULT:@SECLEVEL=0");
      }
      return SSL_CTX_use_certificate(&ctx, cert) == 1 && SSL_CTX_use_PrivateKey(&ctx, key) == 1;
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
  FetchResult FetchServedWith(X509* cert, EVP_PKEY* key, bool insecure = true) {
    auto server = Serve(cert, key);
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

  Key ca_key_;
  Cert ca_;
  std::filesystem::path ca_file_;
};

TEST_F(TlsTest, ValidCertificateHasNoIssues) {
  Key key = MakeKey();
  Cert cert =
      MakeCert(key.get(), "127.0.0.1", "IP:127.0.0.1", -kDay, kDay, ca_.get(), ca_key_.get());
  FetchResult r = FetchServedWith(cert.get(), key.get(), /*insecure=*/false);
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "secure page");
  EXPECT_TRUE(r.tls_issues.empty()) << r.tls_issues[0].kind;
}

TEST_F(TlsTest, ExpiredCertificateIsRecordedAndPageStillFetched) {
  Key key = MakeKey();
  Cert cert =
      MakeCert(key.get(), "127.0.0.1", "IP:127.0.0.1", -10 * kDay, -kDay, ca_.get(), ca_key_.get());
  auto server = Serve(cert.get(), key.get());
  Fetcher fetcher(Options());
  FetchResult r = Fetch(fetcher, server->Url("/"));
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_message;
  EXPECT_EQ(r.body, "secure page");
  EXPECT_EQ(Kinds(r), std::vector<std::string>{"expired"});
  EXPECT_EQ(r.attempts, 1);  // TLS steps are not retries
}

TEST_F(TlsTest, ExpiredCertificateFailsWhenInsecureFetchIsOff) {
  Key key = MakeKey();
  Cert cert =
      MakeCert(key.get(), "127.0.0.1", "IP:127.0.0.1", -10 * kDay, -kDay, ca_.get(), ca_key_.get());
  auto server = Serve(cert.get(), key.get());
  Fetcher fetcher(Options(/*insecure=*/false));
  FetchResult r = Fetch(fetcher, server->Url("/"));
  EXPECT_EQ(r.error, FetchError::kTls);
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(Kinds(r), std::vector<std::string>{"expired"});
}

TEST_F(TlsTest, SelfSignedCertificate) {
  Key key = MakeKey();
  Cert cert = MakeCert(key.get(), "127.0.0.1", "IP:127.0.0.1", -kDay, kDay);
  auto server = Serve(cert.get(), key.get());
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
  Key key = MakeKey();
  Cert cert = MakeCert(key.get(), "www.example.gov.cn", "DNS:www.example.gov.cn", -kDay, kDay,
                       ca_.get(), ca_key_.get());
  FetchResult r = FetchServedWith(cert.get(), key.get());
  EXPECT_EQ(r.body, "secure page");
  EXPECT_EQ(Kinds(r), std::vector<std::string>{"hostname_mismatch"});
}

TEST_F(TlsTest, SelfSignedAndMismatchedBothRecorded) {
  Key key = MakeKey();
  Cert cert = MakeCert(key.get(), "other.example", "DNS:other.example", -kDay, kDay);
  FetchResult r = FetchServedWith(cert.get(), key.get());
  EXPECT_EQ(r.body, "secure page");
  EXPECT_EQ(Kinds(r), (std::vector<std::string>{"hostname_mismatch", "self_signed"}));
}

TEST_F(TlsTest, OldProtocolIsRecorded) {
  Key key = MakeKey();
  Cert cert =
      MakeCert(key.get(), "127.0.0.1", "IP:127.0.0.1", -kDay, kDay, ca_.get(), ca_key_.get());
  auto server = Serve(cert.get(), key.get(), TLS1_1_VERSION);
  Fetcher fetcher(Options());
  FetchResult r = Fetch(fetcher, server->Url("/"));
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_message;
  EXPECT_EQ(r.body, "secure page");
  ASSERT_EQ(Kinds(r), std::vector<std::string>{"old_protocol"});
  EXPECT_NE(r.tls_issues[0].detail.find("TLSv1.1"), std::string::npos) << r.tls_issues[0].detail;
}

}  // namespace
}  // namespace govscore
