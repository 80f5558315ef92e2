#include "checks/ipv6.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <optional>

#include "frontier/url.h"

namespace govscore {

namespace {

std::string Unbracket(std::string host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    return host.substr(1, host.size() - 2);
  return host;
}

bool IsIpv6Literal(const std::string& s) {
  in6_addr a;
  return inet_pton(AF_INET6, s.c_str(), &a) == 1;
}

// The IPv6 address of `host`, or "" (detail says why).
std::string ResolveAaaa(const std::string& url_host, const Ipv6Options& o, std::string* detail) {
  const std::string host = Unbracket(url_host);
  if (IsIpv6Literal(host)) return host;
  auto it = o.resolve.find(host);
  if (it != o.resolve.end()) {
    for (const std::string& a : it->second)
      if (IsIpv6Literal(Unbracket(a))) return Unbracket(a);
    *detail = "无AAAA记录";
    return {};
  }
  if (!o.dns) {
    *detail = "未查询DNS（仅本机回环）";
    return {};
  }
  addrinfo hints{};
  hints.ai_family = AF_INET6;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0 || !res) {
    *detail = "无AAAA记录";
    return {};
  }
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(res->ai_addr)->sin6_addr, buf, sizeof buf);
  freeaddrinfo(res);
  return buf;
}

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

// One request over IPv6 to `address`, HEAD then GET.
void Fetch(Ipv6Target& t, const Url& url, const Ipv6Options& o) {
  for (bool head : {true, false}) {
    CURL* c = curl_easy_init();
    if (!c) {
      t.detail = "curl 初始化失败";
      return;
    }
    const int port = url.port() ? url.port() : (url.scheme() == "https" ? 443 : 80);
    const std::string host = Unbracket(url.host());
    curl_slist* resolve = nullptr;
    if (!IsIpv6Literal(host)) {
      resolve = curl_slist_append(
          nullptr, (host + ":" + std::to_string(port) + ":[" + t.address + "]").c_str());
      curl_easy_setopt(c, CURLOPT_RESOLVE, resolve);
    }
    curl_easy_setopt(c, CURLOPT_URL, url.spec().c_str());
    curl_easy_setopt(c, CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V6);
    curl_easy_setopt(c, CURLOPT_NOBODY, head ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(o.timeout_s * 1000));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, o.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Discard);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    curl_slist_free_all(resolve);
    t.status = static_cast<int>(status);
    if (rc != CURLE_OK) {
      t.detail = std::string("IPv6 访问失败：") + curl_easy_strerror(rc);
      if (rc == CURLE_OPERATION_TIMEDOUT) return;  // GET would wait as long again
      continue;
    }
    t.reachable = status >= 200 && status < 400;
    if (t.reachable) {
      t.detail.clear();
      return;
    }
    t.detail = "IPv6 访问返回 " + std::to_string(status);
  }
}

Ipv6Target Check(const std::string& text, int depth, const Ipv6Options& o) {
  Ipv6Target t;
  t.url = text;
  t.depth = depth;
  std::optional<Url> url = Url::Parse(text);
  if (!url) {
    t.detail = "URL 无效";
    return t;
  }
  t.address = ResolveAaaa(url->host(), o, &t.detail);
  if (t.address.empty()) return t;
  if (o.address_allowed && !o.address_allowed(t.address)) {
    t.detail = "地址 " + t.address + " 不在允许访问的范围内";
    return t;
  }
  Fetch(t, *url, o);
  return t;
}

}  // namespace

Ipv6Report CheckIpv6(const std::string& homepage,
                     const std::vector<std::pair<std::string, int>>& pages,
                     const Ipv6Options& options) {
  Ipv6Report r;
  r.checked = true;
  std::optional<Url> home = Url::Parse(homepage);
  r.host = home ? home->host() : std::string();
  r.homepage = Check(homepage, 0, options);
  r.site_aaaa = !r.homepage.address.empty();
  for (const auto& [url, depth] : pages) {
    if (depth < 1 || depth > 2) continue;
    if (r.targets.size() >= options.max_links) break;
    Ipv6Target t = Check(url, depth, options);
    ++r.links;
    r.links_aaaa += !t.address.empty();
    r.links_reachable += t.reachable;
    r.targets.push_back(std::move(t));
  }
  return r;
}

}  // namespace govscore
