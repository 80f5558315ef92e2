#include "checks/soft404.h"

#include <bit>
#include <cstdio>

#include "frontier/url.h"

namespace govscore {

PageFingerprint FingerprintPage(std::string_view title, std::string_view text,
                                std::string_view final_url, bool redirected) {
  PageFingerprint fp;
  fp.title = std::string(title);
  fp.text_length = text.size();
  fp.final_url = std::string(final_url);
  fp.redirected = redirected;
  int weights[64] = {};
  if (text.size() >= 4) {
    for (size_t i = 0; i + 4 <= text.size(); ++i) {
      const uint64_t h = HashBytes(text.substr(i, 4));
      for (int b = 0; b < 64; ++b) weights[b] += (h >> b) & 1 ? 1 : -1;
    }
  }
  for (int b = 0; b < 64; ++b) {
    if (weights[b] > 0) fp.simhash |= uint64_t{1} << b;
  }
  return fp;
}

int SimhashDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

std::string Soft404Detector::ProbePath(uint64_t seed) {
  const uint64_t a = HashBytes("probe-a" + std::to_string(seed));
  const uint64_t b = HashBytes("probe-b" + std::to_string(seed));
  char buf[80];
  std::snprintf(buf, sizeof buf, "/govscore-missing-%016llx/%08llx.html",
                static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b & 0xffffffff));
  return buf;
}

void Soft404Detector::SetProbe(const std::string& authority,
                               std::optional<PageFingerprint> fingerprint) {
  probes_[authority] = std::move(fingerprint);
}

bool Soft404Detector::IsSoft404(const std::string& authority, const PageFingerprint& page,
                                bool text_says_missing, bool is_home) const {
  if (is_home) return false;
  if (text_says_missing) return true;
  const auto it = probes_.find(authority);
  if (it == probes_.end() || !it->second) return false;
  const PageFingerprint& probe = *it->second;
  if (probe.redirected) {
    // The host sends missing URLs elsewhere (often home): a link that lands
    // on the same place after a redirect is missing too.
    return page.redirected && page.final_url == probe.final_url;
  }
  if (page.title != probe.title) return false;
  const size_t lo = std::min(page.text_length, probe.text_length);
  const size_t hi = std::max(page.text_length, probe.text_length);
  if (hi > 0 && static_cast<double>(hi - lo) / static_cast<double>(hi) > 0.15) return false;
  return SimhashDistance(page.simhash, probe.simhash) <= 8;
}

}  // namespace govscore
