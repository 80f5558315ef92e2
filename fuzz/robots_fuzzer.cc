// libFuzzer target: robots.txt of any shape (RobotsRules::Parse and matching).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "frontier/robots.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const govscore::RobotsRules rules = govscore::RobotsRules::Parse(text, "govscore");
  for (const char* path : {"/", "/a/b.html?x=1", "/private/", "/%E4%B8%AD/"})
    (void)rules.Allowed(path);
  return 0;
}
