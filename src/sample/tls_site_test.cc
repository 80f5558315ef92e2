// The sample site's bad-TLS link (SiteOptions::tls_port): planted with its
// truth, served by Server over TLS with a bad certificate, and by nginx from
// the generated config.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "fetch/nginx_server.h"
#include "sample/certificate.h"
#include "sample/site.h"

namespace govscore::sample {
namespace {

size_t Append(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

struct TlsResponse {
  CURLcode code = CURLE_OK;
  long status = 0;
  long verify_result = 0;  // X509 verify result of the verifying attempt
  std::string body;
};

// GET `url`; verifying peer and name unless `insecure`.
TlsResponse Get(const std::string& url, bool insecure) {
  TlsResponse r;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, insecure ? 0L : 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, insecure ? 0L : 2L);
  r.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  curl_easy_getinfo(curl, CURLINFO_SSL_VERIFYRESULT, &r.verify_result);
  curl_easy_cleanup(curl);
  return r;
}

SiteOptions TlsSite(int tls_port) {
  SiteOptions o;
  o.articles = 40;
  o.as_of = Date::FromYmd(2024, 6, 30);
  o.tls_port = tls_port;
  return o;
}

TEST(TlsSiteTest, PlantedLinkAndTruth) {
  const Site plain = Site::Generate(TlsSite(0));
  const Site site = Site::Generate(TlsSite(18443));
  const GroundTruth& t = site.truth();
  std::vector<PlantedLink> tls;
  for (const PlantedLink& l : t.broken_links) {
    if (l.expected == "tls") tls.push_back(l);
  }
  ASSERT_EQ(tls.size(), 2u);
  for (const PlantedLink& l : tls) {
    EXPECT_EQ(l.href, "https://127.0.0.1:18443/");
    EXPECT_EQ(l.target, l.href);
    const auto page = site.Render(l.source);
    ASSERT_TRUE(page) << l.source;
    EXPECT_NE(page->body.find("href=\"https://127.0.0.1:18443/\""), std::string::npos) << l.source;
  }
  EXPECT_NE(tls[0].source, tls[1].source);
  EXPECT_EQ(t.tls_port, 18443);
  EXPECT_EQ(t.tls_issues, (std::vector<std::string>{"self_signed", "hostname_mismatch"}));
  const nlohmann::json j = t.ToJson();
  EXPECT_EQ(j["tls"]["url"], "https://127.0.0.1:18443/");
  EXPECT_EQ(j["tls"]["port"], 18443);
  EXPECT_TRUE(plain.truth().ToJson()["tls"].is_null());
  // Every other planted link sits where it sat without the TLS link.
  ASSERT_EQ(t.broken_links.size(), plain.truth().broken_links.size() + 2);
  for (size_t i = 0; i < plain.truth().broken_links.size(); ++i) {
    EXPECT_EQ(t.broken_links[i].source, plain.truth().broken_links[i].source);
    EXPECT_EQ(t.broken_links[i].href, plain.truth().broken_links[i].href);
  }
  // No TLS link on a clean site; a port out of range is an error.
  SiteOptions clean = TlsSite(18443);
  clean.defects = false;
  EXPECT_EQ(Site::Generate(clean).truth().tls_port, 0);
  EXPECT_THROW(Site::Generate(TlsSite(70000)), Error);
  EXPECT_THROW(Site::Generate(TlsSite(-1)), Error);
}

TEST(TlsSiteTest, BadCertificate) {
  const Certificate bad = MakeBadSiteCertificate("www.shiyan.gov.cn");
  BIO* bio = BIO_new_mem_buf(bad.cert_pem.data(), static_cast<int>(bad.cert_pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ASSERT_NE(cert, nullptr);
  EXPECT_LT(X509_cmp_current_time(X509_get0_notAfter(cert)), 0) << "should be expired";
  EXPECT_EQ(X509_check_host(cert, "www.shiyan.gov.cn", 0, 0, nullptr), 1);
  EXPECT_NE(X509_check_ip_asc(cert, "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)), 0);
  X509_free(cert);
}

TEST(TlsSiteTest, ServerServesTheSiteBehindTheBadCertificate) {
  const Site site = Site::Generate(TlsSite(FreeLoopbackPort()));
  ServerOptions so;
  so.slow_delay = std::chrono::milliseconds(500);
  Server server(site, so);
  ASSERT_EQ(server.tls_port(), site.truth().tls_port);
  EXPECT_EQ(server.tls_base_url(), "https://127.0.0.1:" + std::to_string(server.tls_port()));
  const TlsResponse verified = Get(server.tls_base_url() + "/", false);
  EXPECT_EQ(verified.code, CURLE_PEER_FAILED_VERIFICATION) << curl_easy_strerror(verified.code);
  EXPECT_EQ(verified.verify_result, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
  const TlsResponse insecure = Get(server.tls_base_url() + "/", true);
  EXPECT_EQ(insecure.code, CURLE_OK) << curl_easy_strerror(insecure.code);
  EXPECT_EQ(insecure.status, 200);
  EXPECT_NE(insecure.body.find("示例市人民政府"), std::string::npos);
  EXPECT_EQ(server.TlsRequestCount("/"), 1);  // the failed handshake sent no request
  EXPECT_EQ(server.RequestCount("/"), 0);
  // A second server cannot take the same TLS port.
  EXPECT_THROW(Server(site, so), Error);
  // Sites without a TLS link have no TLS listener.
  const Site plain = Site::Generate(TlsSite(0));
  Server plain_server(plain, so);
  EXPECT_EQ(plain_server.tls_port(), 0);
}

TEST(TlsSiteTest, WriteToGivesNginxATlsServerWithAFreshKey) {
  const int port = FreeLoopbackPort();
  int tls_port = FreeLoopbackPort();
  while (tls_port == port) tls_port = FreeLoopbackPort();
  const Site site = Site::Generate(TlsSite(tls_port));
  const auto dir = std::filesystem::temp_directory_path() /
                   ("govscore-sample-tls-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  site.WriteTo(dir, port);
  const auto key_perms = std::filesystem::status(dir / "tls/key.pem").permissions();
  EXPECT_EQ(key_perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
  std::ifstream conf_in(dir / "nginx-site.conf");
  std::stringstream conf;
  conf << conf_in.rdbuf();
  EXPECT_NE(conf.str().find("listen 127.0.0.1:" + std::to_string(tls_port) + " ssl;"),
            std::string::npos)
      << conf.str();
  {
    // nginx serves the generated config as is: the HTTP site and the bad TLS one.
    NginxServer nginx(
        port,
        "  include /etc/nginx/mime.types;\n  include " + (dir / "nginx-site.conf").string() + ";",
        [](const std::filesystem::path&) {});
    const std::string tls_url = "https://127.0.0.1:" + std::to_string(tls_port) + "/";
    const TlsResponse verified = Get(tls_url, false);
    EXPECT_EQ(verified.code, CURLE_PEER_FAILED_VERIFICATION) << curl_easy_strerror(verified.code);
    EXPECT_EQ(verified.verify_result, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
    const TlsResponse insecure = Get(tls_url, true);
    EXPECT_EQ(insecure.status, 200) << curl_easy_strerror(insecure.code);
    EXPECT_NE(insecure.body.find("示例市人民政府"), std::string::npos);
    EXPECT_EQ(Get("http://127.0.0.1:" + std::to_string(port) + "/", true).status, 200);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace govscore::sample
