// robots.txt (RFC 9309): the group for our user agent (or "*"), Allow and
// Disallow with "*" and "$" wildcards, longest match wins, Allow wins a tie.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace govscore {

class RobotsRules {
 public:
  // Everything allowed (no robots.txt, or it could not be fetched as 4xx).
  RobotsRules() = default;
  // Nothing allowed (robots.txt answered 5xx: RFC 9309 says assume complete disallow).
  static RobotsRules DisallowAll();
  // Parses `text` and keeps the rules of the group whose user-agent token is a
  // case-insensitive prefix-free match of `product_token` ("govscore"), else the
  // "*" group. Never throws; unknown lines are ignored.
  static RobotsRules Parse(std::string_view text, std::string_view product_token);

  // `path_and_query` as sent in the request line ("/a/b?x=1").
  bool Allowed(std::string_view path_and_query) const;
  std::optional<double> crawl_delay_s() const { return crawl_delay_s_; }
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }
  size_t rule_count() const { return rules_.size(); }

 private:
  struct Rule {
    bool allow;
    std::string pattern;
  };
  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_s_;
  std::vector<std::string> sitemaps_;
};

}  // namespace govscore
