#include "frontier/robots.h"

#include <cstdlib>

namespace govscore {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// True when `pattern` matches a prefix of `path` ("*" matches any run; a final
// "$" requires the match to reach the end of `path`).
bool Matches(std::string_view pattern, std::string_view path) {
  size_t p = 0, s = 0, star_p = std::string_view::npos, star_s = 0;
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
    } else if (pattern[p] == '*') {
      star_p = p++;
      star_s = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star_p == std::string_view::npos || star_s >= path.size()) return false;
    p = star_p + 1;
    s = ++star_s;
  }
}

}  // namespace

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules r;
  r.rules_.push_back(Rule{false, "/"});
  return r;
}

RobotsRules RobotsRules::Parse(std::string_view text, std::string_view product_token) {
  const std::string token = Lower(product_token);
  struct Group {
    std::vector<std::string> agents;
    std::vector<Rule> rules;
    std::optional<double> delay;
  };
  std::vector<Group> groups;
  RobotsRules out;
  bool last_was_agent = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (const size_t hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string key = Lower(Trim(line.substr(0, colon)));
    const std::string_view value = Trim(line.substr(colon + 1));
    if (key == "user-agent") {
      if (!last_was_agent || groups.empty()) groups.emplace_back();
      groups.back().agents.push_back(Lower(value));
      last_was_agent = true;
      continue;
    }
    if (key == "sitemap") {
      out.sitemaps_.emplace_back(value);
      continue;
    }
    last_was_agent = false;
    if (groups.empty()) continue;
    if (key == "allow" || key == "disallow") {
      if (value.empty()) continue;  // "Disallow:" allows everything
      groups.back().rules.push_back(Rule{key == "allow", std::string(value)});
    } else if (key == "crawl-delay") {
      char* parsed_end = nullptr;
      const std::string v(value);
      const double d = std::strtod(v.c_str(), &parsed_end);
      if (parsed_end != v.c_str() && d >= 0) groups.back().delay = d;
    }
  }
  // Our group: every group naming our token (merged), else every "*" group.
  for (const bool star : {false, true}) {
    bool found = false;
    for (const Group& g : groups) {
      for (const std::string& a : g.agents) {
        const bool match = star ? a == "*" : (!a.empty() && a != "*" && token.rfind(a, 0) == 0);
        if (!match) continue;
        found = true;
        out.rules_.insert(out.rules_.end(), g.rules.begin(), g.rules.end());
        if (g.delay) out.crawl_delay_s_ = g.delay;
        break;
      }
    }
    if (found) break;
  }
  return out;
}

bool RobotsRules::Allowed(std::string_view path_and_query) const {
  if (path_and_query == "/robots.txt") return true;
  int best = -1;
  bool allowed = true;
  for (const Rule& r : rules_) {
    if (!Matches(r.pattern, path_and_query)) continue;
    const int len = static_cast<int>(r.pattern.size());
    if (len > best || (len == best && r.allow)) {
      best = len;
      allowed = r.allow;
    }
  }
  return allowed;
}

}  // namespace govscore
