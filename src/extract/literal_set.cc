#include "extract/literal_set.h"

#include <hs/hs.h>

#include <algorithm>
#include <string>

#include "core/error.h"

namespace govscore::text {

namespace {

// One scratch space per thread, grown to fit every database it has served
// (hs_alloc_scratch does that when given an existing scratch).
struct ThreadScratch {
  hs_scratch_t* scratch = nullptr;
  std::vector<const hs_database_t*> fits;
  ~ThreadScratch() {
    if (scratch != nullptr) hs_free_scratch(scratch);
  }
  hs_scratch_t* For(const hs_database_t* db) {
    if (std::find(fits.begin(), fits.end(), db) == fits.end()) {
      if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) throw Error("hs_alloc_scratch failed");
      fits.push_back(db);
    }
    return scratch;
  }
};

}  // namespace

struct LiteralSet::Scan {
  Mode mode;
  const std::vector<std::string>* needles;
  size_t from = 0;
  uint64_t which = 0;
  size_t first = std::string_view::npos;
};

LiteralSet::LiteralSet(std::vector<std::string> needles, Case c) : needles_(std::move(needles)) {
  if (needles_.empty() || needles_.size() > 64) throw Error("LiteralSet needs 1 to 64 needles");
  std::vector<const char*> exprs;
  std::vector<size_t> lens;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < needles_.size(); ++i) {
    if (needles_[i].empty()) throw Error("LiteralSet: an empty needle");
    exprs.push_back(needles_[i].data());
    lens.push_back(needles_[i].size());
    flags.push_back(c == Case::kAsciiCaseless ? HS_FLAG_CASELESS : 0);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* err = nullptr;
  if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                           static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &db_,
                           &err) != HS_SUCCESS) {
    std::string msg = err != nullptr && err->message != nullptr ? err->message : "unknown error";
    hs_free_compile_error(err);
    throw Error("Hyperscan cannot compile a keyword list: " + msg);
  }
}

LiteralSet::~LiteralSet() {
  if (db_ != nullptr) hs_free_database(db_);
}

void LiteralSet::Run(std::string_view s, Scan* scan) const {
  if (s.empty()) return;
  thread_local ThreadScratch scratch;
  auto on_match = [](unsigned id, unsigned long long /*from*/, unsigned long long to,
                     unsigned /*flags*/, void* user) -> int {
    auto* sc = static_cast<Scan*>(user);
    const size_t start = static_cast<size_t>(to) - (*sc->needles)[id].size();
    if (start < sc->from) return 0;
    switch (sc->mode) {
      case Mode::kAny:
        sc->which = 1;
        return 1;  // stop
      case Mode::kWhich:
        sc->which |= uint64_t{1} << id;
        return 0;
      case Mode::kFirst:
        sc->first = std::min(sc->first, start);
        return 0;
    }
    return 0;
  };
  const hs_error_t rc =
      hs_scan(db_, s.data(), static_cast<unsigned>(s.size()), 0, scratch.For(db_), on_match, scan);
  if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED)
    throw Error("hs_scan failed (" + std::to_string(rc) + ")");
}

bool LiteralSet::Any(std::string_view s) const {
  Scan scan{Mode::kAny, &needles_};
  Run(s, &scan);
  return scan.which != 0;
}

uint64_t LiteralSet::Which(std::string_view s) const {
  Scan scan{Mode::kWhich, &needles_};
  Run(s, &scan);
  return scan.which;
}

size_t LiteralSet::FindFirst(std::string_view s, size_t from) const {
  if (from >= s.size()) return std::string_view::npos;
  Scan scan{Mode::kFirst, &needles_};
  scan.from = from;
  Run(s, &scan);
  return scan.first;
}

}  // namespace govscore::text
