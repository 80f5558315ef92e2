// A fixed set of byte strings searched in one pass (Hyperscan's literal
// matcher): for the extract's keyword lists over a whole page text, where one
// memmem per keyword scanned the text once per keyword.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct hs_database;

namespace govscore::text {

class LiteralSet {
 public:
  enum class Case { kExact, kAsciiCaseless };
  // At most 64 non-empty needles. Throws Error when Hyperscan refuses them.
  explicit LiteralSet(std::vector<std::string> needles, Case c = Case::kExact);
  ~LiteralSet();
  LiteralSet(const LiteralSet&) = delete;
  LiteralSet& operator=(const LiteralSet&) = delete;

  // Whether any needle occurs in `s`.
  bool Any(std::string_view s) const;
  // Bit i is set when needles()[i] occurs in `s`.
  uint64_t Which(std::string_view s) const;
  // The first position >= `from` where a needle starts, or npos: the least of
  // text::Find(s, needle, from) over the needles.
  size_t FindFirst(std::string_view s, size_t from = 0) const;

  const std::vector<std::string>& needles() const { return needles_; }

 private:
  enum class Mode { kAny, kWhich, kFirst };
  struct Scan;
  void Run(std::string_view s, Scan* scan) const;

  std::vector<std::string> needles_;
  hs_database* db_ = nullptr;
};

}  // namespace govscore::text
