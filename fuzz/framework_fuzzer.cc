// libFuzzer target: framework files (docs/framework-format.md). ParseFramework
// and CheckFramework report content problems to Diagnostics and must not
// crash or throw for any text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "framework/framework_check.h"
#include "framework/framework_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  govscore::framework::Diagnostics diags;
  const govscore::framework::Framework fw =
      govscore::framework::ParseFramework(text, "fuzz.yaml", diags);
  govscore::framework::CheckFramework(fw, diags);
  return 0;
}
