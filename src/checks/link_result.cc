#include "checks/link_result.h"

#include <array>

namespace govscore {
namespace {

struct Names {
  LinkResult result;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<Names, 15> kNames = {{
    {LinkResult::kOk, "ok", "正常"},
    {LinkResult::kRedirectOk, "redirect_ok", "跳转后正常"},
    {LinkResult::kHttp4xx, "http_4xx", "死链（HTTP 4xx，如404页面不存在、403禁止访问）"},
    {LinkResult::kHttp5xx, "http_5xx", "服务器错误（HTTP 5xx）"},
    {LinkResult::kTimeout, "timeout", "访问超时"},
    {LinkResult::kDns, "dns", "域名无法解析"},
    {LinkResult::kRefused, "refused", "连接被拒绝"},
    {LinkResult::kTls, "tls", "HTTPS证书或加密协议问题"},
    {LinkResult::kRedirectLoop, "redirect_loop", "重定向循环"},
    {LinkResult::kTooManyRedirects, "too_many_redirects", "重定向次数过多"},
    {LinkResult::kSoft404, "soft_404", "软404（返回200但内容为“页面不存在”）"},
    {LinkResult::kInvalidUrl, "invalid_url", "链接地址格式错误"},
    {LinkResult::kNetworkError, "network_error", "网络连接中断"},
    {LinkResult::kOtherStatus, "other_status", "异常状态码"},
    {LinkResult::kBlocked, "blocked", "未检查（地址策略禁止访问）"},
}};

}  // namespace

std::string_view LinkResultName(LinkResult result) {
  for (const Names& n : kNames) {
    if (n.result == result) return n.name;
  }
  return "unknown";
}

std::string_view LinkResultLabel(LinkResult result) {
  for (const Names& n : kNames) {
    if (n.result == result) return n.label;
  }
  return "未知";
}

std::optional<LinkResult> LinkResultFromName(std::string_view name) {
  for (const Names& n : kNames) {
    if (n.name == name) return n.result;
  }
  return std::nullopt;
}

LinkResult ClassifyFetch(const FetchResult& r, bool soft_404, bool external) {
  switch (r.error) {
    case FetchError::kNone:
    case FetchError::kTooLarge:  // an answer came; judge it by its status
      break;
    case FetchError::kTimeout:
      return LinkResult::kTimeout;
    case FetchError::kDns:
      return LinkResult::kDns;
    case FetchError::kRefused:
      return LinkResult::kRefused;
    case FetchError::kTls:
      return LinkResult::kTls;
    case FetchError::kTooManyRedirects:
      return LinkResult::kTooManyRedirects;
    case FetchError::kRedirectLoop:
      return LinkResult::kRedirectLoop;
    case FetchError::kInvalidUrl:
      return LinkResult::kInvalidUrl;
    case FetchError::kBlocked:  // the address policy refused a hop
      return LinkResult::kBlocked;
    case FetchError::kConnection:
    case FetchError::kOther:
      return LinkResult::kNetworkError;
  }
  if (r.status >= 400 && r.status < 500) return LinkResult::kHttp4xx;
  if (r.status >= 500 && r.status < 600) return LinkResult::kHttp5xx;
  if (r.status < 200 || r.status >= 300) {
    return r.status == 0 ? LinkResult::kNetworkError : LinkResult::kOtherStatus;
  }
  if (soft_404) return LinkResult::kSoft404;
  if (external && !r.tls_issues.empty()) return LinkResult::kTls;
  return r.redirects.empty() ? LinkResult::kOk : LinkResult::kRedirectOk;
}

}  // namespace govscore
