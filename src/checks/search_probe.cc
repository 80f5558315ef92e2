#include "checks/search_probe.h"

#include "core/percent_encode.h"
#include "frontier/url.h"

namespace govscore {

namespace {

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Trim(std::string s) {
  auto space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && space(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

}  // namespace

std::string SearchableTitle(const std::string& page_title) {
  size_t cut = page_title.size();
  for (const char* sep : {"_", "|", "－", "—", " - "}) {
    size_t at = page_title.find(sep);
    if (at != std::string::npos && at > 0 && at < cut) cut = at;
  }
  std::string t = Trim(page_title.substr(0, cut));
  return CodePoints(t) >= 4 ? t : std::string();
}

std::optional<SearchProbe> ProbeSearch(
    const std::string& site, const std::string& action, const std::string& method,
    const std::string& param, const std::vector<std::pair<std::string, std::string>>& articles,
    const ProbeFetch& fetch) {
  SearchProbe p;
  // Prefer a page whose URL carries a run of 6+ digits (t20240501_12.html,
  // art_123456.html): a published article rather than a fixed page (隐私政策,
  // 无障碍服务) that the site search rightly does not index.
  auto dated = [](const std::string& url) {
    int run = 0;
    for (char c : url) {
      run = (c >= '0' && c <= '9') ? run + 1 : 0;
      if (run >= 6) return true;
    }
    return false;
  };
  for (bool need_digits : {true, false}) {
    for (const auto& [url, title] : articles) {
      if (need_digits && !dated(url)) continue;
      p.query = SearchableTitle(title);
      if (!p.query.empty()) {
        p.article = url;
        break;
      }
    }
    if (!p.query.empty()) break;
  }
  if (p.query.empty()) return std::nullopt;
  if (method != "get" || param.empty()) {
    p.detail =
        method == "script" ? "搜索框由脚本驱动，未自动检索" : "搜索表单非GET方式，未自动检索";
    return p;
  }
  std::optional<Url> home = Url::Parse(site);
  if (!home) return std::nullopt;
  ResolvedHref r = ResolveHref(*home, "", action.empty() ? site : action);
  if (r.kind != HrefKind::kUrl) {
    p.detail = "搜索表单地址无效：" + action;
    return p;
  }
  std::string url = r.url->spec();
  size_t hash = url.find('#');
  if (hash != std::string::npos) url.resize(hash);
  url += (url.find('?') == std::string::npos ? "?" : "&") + PercentEncode(param) + "=" +
         PercentEncode(p.query);
  p.url = url;
  auto [status, body] = fetch(url);
  p.status = status;
  if (status < 200 || status >= 300) {
    p.detail = status == 0 ? "搜索请求无响应" : "搜索请求返回 " + std::to_string(status);
    return p;
  }
  std::optional<Url> article = Url::Parse(p.article);
  const std::string path = article ? article->path() : std::string();
  // A result is a link: to the page itself, or an anchor whose text is the
  // title. The title alone is not enough — result pages echo the query
  // ("未找到与“…”相关的结果").
  p.found = (path.size() > 1 && body.find("href=\"" + path) != std::string::npos) ||
            (path.size() > 1 && body.find(path + "\"") != std::string::npos) ||
            body.find(">" + p.query + "</a>") != std::string::npos;
  if (!p.found) p.detail = "检索结果第一页未出现该标题";
  return p;
}

}  // namespace govscore
