// Soft-404 detection: a 200 answer whose content says the page does not exist.
// Two signals: the page's own text (extract's PageFacts::soft404_text), and a
// comparison with what the host answers for a URL that surely does not exist
// (one random probe path per host, fetched once): same redirect target, or
// same title with a near-identical text fingerprint.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace govscore {

// What a 2xx HTML answer looked like, compactly.
struct PageFingerprint {
  std::string title;
  size_t text_length = 0;
  uint64_t simhash = 0;   // of the visible text's byte 4-grams
  std::string final_url;  // after redirects
  bool redirected = false;
};

PageFingerprint FingerprintPage(std::string_view title, std::string_view text,
                                std::string_view final_url, bool redirected);

// Number of differing bits.
int SimhashDistance(uint64_t a, uint64_t b);

class Soft404Detector {
 public:
  // A path on no real site: "/govscore-missing-<16 hex>/<8 hex>.html".
  static std::string ProbePath(uint64_t seed);

  // Records the probe answer of host `authority`: `fingerprint` is set when it
  // answered 2xx HTML (a soft-404 host); nullopt when it answered an error
  // status (a well-behaved host) or could not be fetched.
  void SetProbe(const std::string& authority, std::optional<PageFingerprint> fingerprint);
  bool HasProbe(const std::string& authority) const { return probes_.count(authority) > 0; }
  // True when the probe of `authority` answered 2xx HTML: only then do pages
  // of that host need a fingerprint.
  bool AnswersMissingWith200(const std::string& authority) const {
    const auto it = probes_.find(authority);
    return it != probes_.end() && it->second.has_value();
  }

  // Verdict for a 2xx HTML answer of `authority`. `text_says_missing`: the
  // page's text says it does not exist. `is_home`: the site's homepage is never
  // a soft-404 (hosts that redirect missing URLs home would match it).
  bool IsSoft404(const std::string& authority, const PageFingerprint& page, bool text_says_missing,
                 bool is_home) const;

 private:
  std::map<std::string, std::optional<PageFingerprint>> probes_;
};

}  // namespace govscore
