// A compact set of 64-bit URL hashes: what the crawl has already seen. Storing
// hashes instead of strings keeps a 100,000-page site's set at a few MiB; two
// distinct URLs colliding in 64 bits is negligible at crawl sizes (~1e-9 at 1e5).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace govscore {

class SeenSet {
 public:
  SeenSet();
  // Adds `hash`; returns true when it was not present before. 0 is treated as 1
  // (Url::hash and HashBytes never return 0).
  bool Insert(uint64_t hash);
  bool Contains(uint64_t hash) const;
  size_t size() const { return size_; }
  size_t memory_bytes() const { return slots_.capacity() * sizeof(uint64_t); }

 private:
  void Grow();
  std::vector<uint64_t> slots_;  // open addressing, linear probing; 0 = empty
  size_t size_ = 0;
};

}  // namespace govscore
