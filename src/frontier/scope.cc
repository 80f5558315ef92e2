#include "frontier/scope.h"

#include <re2/re2.h>

#include "core/error.h"

namespace govscore {
namespace {

std::vector<std::unique_ptr<re2::RE2>> Compile(const std::vector<std::string>& patterns,
                                               const char* option) {
  std::vector<std::unique_ptr<re2::RE2>> out;
  for (const std::string& p : patterns) {
    re2::RE2::Options o;
    o.set_log_errors(false);
    auto re = std::make_unique<re2::RE2>(p, o);
    if (!re->ok()) {
      throw Error("invalid regular expression: " + re->error(), std::string(option) + " " + p);
    }
    out.push_back(std::move(re));
  }
  return out;
}

bool AnyMatch(const std::vector<std::unique_ptr<re2::RE2>>& res, const std::string& text) {
  for (const auto& re : res) {
    if (re2::RE2::PartialMatch(text, *re)) return true;
  }
  return false;
}

}  // namespace

Scope::Scope(const Url& start, const ScopeOptions& options)
    : host_(start.host()),
      port_(start.port()),
      domain_(start.host().rfind("www.", 0) == 0 ? start.host().substr(4) : start.host()),
      subdomains_(options.subdomains),
      include_(Compile(options.include, "--include")),
      exclude_(Compile(options.exclude, "--exclude")) {}

Scope::~Scope() = default;
Scope::Scope(Scope&&) noexcept = default;
Scope& Scope::operator=(Scope&&) noexcept = default;

bool Scope::IsSiteHost(const Url& url) const {
  if (url.host() == host_) return url.port() == port_;
  if (!subdomains_ || url.port() != port_) return false;
  const std::string& h = url.host();
  return h == domain_ || (h.size() > domain_.size() &&
                          h.compare(h.size() - domain_.size(), domain_.size(), domain_) == 0 &&
                          h[h.size() - domain_.size() - 1] == '.');
}

ScopeVerdict Scope::Classify(const Url& url) const {
  if (AnyMatch(exclude_, url.spec())) return ScopeVerdict::kExcluded;
  if (!IsSiteHost(url)) return ScopeVerdict::kExternal;
  if (!include_.empty() && !AnyMatch(include_, url.spec())) return ScopeVerdict::kCheckOnly;
  return ScopeVerdict::kSite;
}

}  // namespace govscore
