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

}  // namespace

std::string PostJson(const WebhookOptions& options, const nlohmann::json& body) {
  if (options.url.rfind("http://", 0) != 0 && options.url.rfind("https://", 0) != 0)
    return "webhook URL must be http(s): " + options.url;
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
  if (!guard.refusal.empty()) return "blocked by address policy: " + guard.refusal;
  if (rc != CURLE_OK) return std::string("webhook: ") + curl_easy_strerror(rc);
  if (status < 200 || status > 299) return "HTTP " + std::to_string(status);
  return "";
}

}  // namespace govscore::monitor
