// Framework registration with diagnostics, shipped frameworks, stored trees.
#include <gmock/gmock.h>

#include <fstream>
#include <sstream>

#include "platform/platform_test_support.h"

namespace govscore::platform::testing {
namespace {

using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class FrameworksTest : public PlatformTest {};

TEST_P(FrameworksTest, ABrokenFileIsRefusedWithItsLineNumbersAndNothingStored) {
  const std::string yaml =
      ReadFile(GOVSCORE_SOURCE_DIR "/tests/cli/fixtures/broken_missing_weight.yaml");
  ASSERT_FALSE(yaml.empty());
  FrameworkRegistration r = RegisterFramework(*store_, admin, yaml, "上传.yaml");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.framework_version_id, 0);
  bool line33 = false;
  for (const auto& d : r.diagnostics)
    if (d.severity == framework::Diagnostic::Severity::kError && d.where.line == 33 &&
        d.where.file == "上传.yaml")
      line33 = true;
  EXPECT_TRUE(line33) << "no error at line 33";
  EXPECT_TRUE(store_->ListFrameworkVersions().empty());

  FrameworkRegistration syntax = RegisterFramework(*store_, admin, "id: [unclosed\n", "x.yaml");
  EXPECT_FALSE(syntax.ok);
  ASSERT_FALSE(syntax.diagnostics.empty());
  EXPECT_GT(syntax.diagnostics[0].where.line, 0);
}

TEST_P(FrameworksTest, ShippedFrameworkRegistersOnceAndReadsBack) {
  auto shipped = ShippedFrameworks();
  EXPECT_GE(shipped.size(), 10u);
  store::Id id = RegisterShippedFramework(*store_, admin, "gx2020-city");
  EXPECT_EQ(RegisterShippedFramework(*store_, admin, "gx2020-city"), id);  // same text
  auto versions = store_->ListFrameworkVersions();
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0].framework_id, "gx2020-city");
  EXPECT_THAT(versions[0].version, ::testing::StartsWith("2020-"));
  framework::Framework fw = LoadFrameworkVersion(*store_, id);
  EXPECT_EQ(fw.id, "gx2020-city");

  nlohmann::json tree = FrameworkVersionTree(*store_, id);
  ASSERT_TRUE(tree["indicators"].is_array());
  // Every node carries the original texts beside the weights.
  bool has_text = false;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& n) {
    EXPECT_TRUE(n.contains("description")) << n["id"];
    EXPECT_TRUE(n.contains("criteria_text")) << n["id"];
    if (!n["description"].get<std::string>().empty()) has_text = true;
    for (const auto& c : n["children"]) walk(c);
  };
  for (const auto& n : tree["indicators"]) walk(n);
  EXPECT_TRUE(has_text);
  EXPECT_THROW(FrameworkVersionTree(*store_, id, "不存在的类型"), InvalidInput);

  EXPECT_THROW(RegisterShippedFramework(*store_, admin, "no-such-framework"), NotFound);
  EXPECT_THROW(RegisterShippedFramework(*store_, admin, "../etc/passwd"), InvalidInput);
  EXPECT_THROW(LoadFrameworkVersion(*store_, 999), NotFound);
}

TEST_P(FrameworksTest, CompositeFrameworksAreRefused) {
  const std::string yaml = ReadFile(GOVSCORE_SOURCE_DIR "/frameworks/sz2023-gongkai-county.yaml");
  FrameworkRegistration r = RegisterFramework(*store_, admin, yaml, "sz2023-gongkai-county.yaml");
  EXPECT_FALSE(r.ok);
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_THAT(r.diagnostics.back().message, HasSubstr("composite"));
}

TEST_P(FrameworksTest, ChangedTextUnderTheSameVersionIsAConflict) {
  const std::string yaml = ReadFile(GOVSCORE_SOURCE_DIR "/frameworks/example.yaml");
  ASSERT_TRUE(RegisterFramework(*store_, admin, yaml, "example.yaml", "v1").ok);
  EXPECT_THROW(RegisterFramework(*store_, admin, yaml + "\n# 改动\n", "example.yaml", "v1"),
               store::ConstraintError);
  // Without an explicit version the content decides: both are kept.
  EXPECT_TRUE(RegisterFramework(*store_, admin, yaml + "\n# 改动\n", "example.yaml").ok);
  EXPECT_EQ(store_->ListFrameworkVersions().size(), 2u);
}

GOVSCORE_STORE_TEST_SUITE(FrameworksTest);

}  // namespace
}  // namespace govscore::platform::testing
