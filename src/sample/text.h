// Deterministic Chinese government-site text: a small PRNG and generators for
// article titles, body paragraphs, people's names and personal numbers. Every
// character produced is encodable in GBK (the GBK pages depend on it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace govscore::sample {

// splitmix64: tiny, fast, and identical on every platform (unlike the standard
// distributions), so a seed gives the same site everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform in [0, n); n > 0.
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  // True with probability percent/100.
  bool Chance(int percent) { return Below(100) < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Below(static_cast<int>(items.size())))];
  }

 private:
  uint64_t state_;
};

// A title for an article of the column with the given slug (zwdt, tzgg, ...),
// for a publication year.
std::string ArticleTitle(std::string_view column_slug, int year, Rng& rng);
// One paragraph (several sentences) of plausible government prose, no digits.
std::string BodyParagraph(Rng& rng);
// A Chinese personal name.
std::string PersonName(Rng& rng);
// A department name (市教育局 ...), used for 来源 and titles.
std::string Department(Rng& rng);

// GB 11643 check character for the first 17 digits of a resident ID number.
char IdCheckCharacter(std::string_view first17);
// An 18-digit resident ID number from region 4201xx with a plausible birth
// date (1955-2003). `valid_checksum` false gives a wrong check character;
// `valid_birthdate` false gives month 13 (with a correct checksum).
std::string IdNumber(Rng& rng, bool valid_checksum = true, bool valid_birthdate = true);
// An 11-digit mainland mobile number (1[3-9] + 9 digits).
std::string MobileNumber(Rng& rng);
// Masking conventions shared with the scan output:
// ID: first 6 + "********" + last 4; mobile: first 3 + "****" + last 4.
std::string MaskIdNumber(std::string_view id);
std::string MaskMobile(std::string_view mobile);

}  // namespace govscore::sample
