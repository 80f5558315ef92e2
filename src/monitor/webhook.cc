#include "monitor/webhook.h"

#include <curl/curl.h>
#include <sys/socket.h>

#include <optional>

namespace govscore::monitor {
namespace {

struct SocketGuard {
  std::shared_ptr<const AddressPolicy> policy;
  std::string refusal;
};

curl_socket_t OpenSocket(void* data, curlsocktype purpose, curl_sockaddr* address) {
  auto* guard = static_cast<SocketGuard*>(data);
  if (purpose == CURLSOCKTYPE_IPCXN) {
    auto ip = IpAddress::FromSockaddr(&address->addr);
    if (!ip) {
      guard->refusal = "unknown address family";
      return CURL_SOCKET_BAD;
    }
    if (auto why = guard->policy->Refusal(*ip)) {
      guard->refusal = *why;
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

// The host of an http(s) URL as libcurl reads it (lower case; IPv6 in
// brackets), or nullopt when libcurl cannot parse the URL.
std::optional<std::string> UrlHost(const std::string& url) {
  CURLU* u = curl_url();
  if (!u) return std::nullopt;
  std::optional<std::string> out;
  char* host = nullptr;
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host) {
    out = host;
    for (char& ch : *out)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  curl_free(host);
  curl_url_cleanup(u);
  return out;
}

std::string Refused(const std::string& why) {
  return "告警推送地址被地址策略拒绝，未连接（如确需推送到该网络，请用 --allow-network 放行）："
         "blocked by address policy: " +
         why;
}

}  // namespace

std::optional<std::string> WebhookRefusal(const WebhookOptions& options) {
  if (options.url.rfind("http://", 0) != 0 && options.url.rfind("https://", 0) != 0)
    return "webhook URL must be http(s): " + options.url;
  const std::optional<std::string> host = UrlHost(options.url);
  if (!host || host->empty()) return "告警推送地址无法解析: " + options.url;
  if (auto why = options.network.Build()->HostRefusal(*host)) return Refused(*host + ": " + *why);
  return std::nullopt;
}

std::string PostJson(const WebhookOptions& options, const nlohmann::json& body) {
  if (auto refused = WebhookRefusal(options)) return *refused;
  SocketGuard guard{options.network.Build(), ""};
  CURL* curl = curl_easy_init();
  if (!curl) return "curl_easy_init failed";
  const std::string text = body.dump();
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json; charset=utf-8");
  curl_easy_setopt(curl, CURLOPT_URL, options.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, text.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(text.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout_s * 1000));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "govscore-monitor/0.1");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Discard);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, &OpenSocket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &guard);
  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (!guard.refusal.empty()) return Refused(guard.refusal);
  if (rc != CURLE_OK) return std::string("webhook: ") + curl_easy_strerror(rc);
  if (status < 200 || status > 299) return "HTTP " + std::to_string(status);
  return "";
}

}  // namespace govscore::monitor
