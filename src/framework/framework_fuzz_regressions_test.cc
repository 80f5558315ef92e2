// Inputs found by fuzz/framework_fuzzer (docs/security.md), kept fixed here.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "framework/framework_check.h"
#include "framework/framework_loader.h"

namespace govscore::framework {
namespace {

// A framework file that is not UTF-8 (GBK, or cut inside a character) is a
// clear error with its line, not an exception from the JSON encoder.
TEST(FrameworkFuzzRegressionsTest, NotUtf8IsAnErrorWithTheLine) {
  for (const std::string& text : {std::string("id: x\ntitle: \xd5\xfe\xb8\xae\n"),  // GBK
                                 std::string("id: x\ndata:\n  a: \"\xe6\x94\""),   // cut
                                 std::string("id: x\n\xc0\xaf: 1\n")}) {           // overlong
    Diagnostics diags;
    ParseFramework(text, "bad.yaml", diags);
    ASSERT_TRUE(diags.has_errors());
    EXPECT_NE(diags.ToString().find("not UTF-8"), std::string::npos) << diags.ToString();
    EXPECT_NE(diags.ToString().find("bad.yaml:"), std::string::npos) << diags.ToString();
  }
}

// A shipped framework cut at any point never throws.
TEST(FrameworkFuzzRegressionsTest, TruncatedShippedFrameworkNeverThrows) {
  std::ifstream in(std::string(GOVSCORE_SOURCE_DIR) + "/frameworks/gx2020-city.yaml");
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  ASSERT_GT(text.size(), 1000u);
  for (size_t cut = 1; cut < text.size(); cut += 997) {
    Diagnostics diags;
    EXPECT_NO_THROW({
      const Framework fw = ParseFramework(text.substr(0, cut), "cut.yaml", diags);
      CheckFramework(fw, diags);
    }) << cut;
  }
}

}  // namespace
}  // namespace govscore::framework
