// Golden tests: every folder tests/golden/scoring/<framework-id>/<case>/ is
// scored from its input files and compared with its expected.json
// (docs/framework-format.md §11). A case without expected.json fails: the
// expected sheet must be worked out by hand, never generated here.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "framework/framework_loader.h"
#include "scoring/engine.h"
#include "scoring/score_json.h"

namespace govscore::scoring {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<fs::path> Cases() {
  std::vector<fs::path> out;
  fs::path root = fs::path(GOVSCORE_SOURCE_DIR) / "tests/golden/scoring";
  if (!fs::exists(root)) return out;
  for (const auto& fw_dir : fs::directory_iterator(root)) {
    if (!fw_dir.is_directory()) continue;
    for (const auto& case_dir : fs::directory_iterator(fw_dir.path()))
      if (case_dir.is_directory()) out.push_back(case_dir.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Scores one case folder; returns the sheet as JSON.
nlohmann::json ScoreCase(const fs::path& dir) {
  ScoreOptions options;
  std::string framework_file = (fs::path(GOVSCORE_SOURCE_DIR) / "frameworks" /
                                (dir.parent_path().filename().string() + ".yaml"))
                                   .string();
  if (fs::exists(dir / "case.yaml")) {
    YAML::Node c = YAML::LoadFile((dir / "case.yaml").string());
    if (c["as_of"]) options.as_of = Date::Parse(c["as_of"].as<std::string>());
    if (c["seed"]) options.seed = c["seed"].as<uint64_t>();
    if (c["kind"]) options.kind = c["kind"].as<std::string>();
    if (c["framework"])
      framework_file = (fs::path(GOVSCORE_SOURCE_DIR) / c["framework"].as<std::string>()).string();
  }
  InputFiles files;
  files.units = (dir / "units.csv").string();
  for (const char* m : {"measures.json", "measures.csv"})
    if (fs::exists(dir / m)) files.measures.push_back((dir / m).string());
  for (const char* name : {"scan.json"})
    if (fs::exists(dir / name)) files.measures.push_back((dir / name).string());
  auto pick = [&](const char* yaml, const char* csv) {
    if (fs::exists(dir / yaml)) return (dir / yaml).string();
    if (fs::exists(dir / csv)) return (dir / csv).string();
    return std::string();
  };
  files.judgments = pick("judgments.yaml", "judgments.csv");
  files.events = pick("events.yaml", "events.csv");
  files.na = pick("na.yaml", "na.csv");
  framework::Framework fw = framework::LoadValidFramework(framework_file);
  return ScoreSheetToJson(ScoreCampaign(fw, LoadCampaignInputs(files), options));
}

class GoldenTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(GoldenTest, MatchesExpectedSheet) {
  const fs::path& dir = GetParam();
  ASSERT_TRUE(fs::exists(dir / "README.md")) << dir << ": the hand arithmetic is missing";
  ASSERT_TRUE(fs::exists(dir / "expected.json")) << dir << ": expected.json is missing";
  nlohmann::json actual;
  try {
    actual = ScoreCase(dir);
  } catch (const std::exception& e) {
    FAIL() << dir << ": " << e.what();
  }
  nlohmann::json expected = nlohmann::json::parse(Slurp(dir / "expected.json"));
  std::string diff = CompareGolden(expected, actual);
  EXPECT_EQ(diff, "") << dir;
  // Deterministic: scoring twice gives the same bytes.
  EXPECT_EQ(ScoreCase(dir).dump(), actual.dump()) << dir;
}

// Published sheets are stored as JSON and read back (platform snapshots): the
// reader must be the exact inverse of the writer on every golden case.
TEST_P(GoldenTest, SheetJsonReadsBackExactly) {
  nlohmann::json actual;
  try {
    actual = ScoreCase(GetParam());
  } catch (const std::exception& e) {
    FAIL() << GetParam() << ": " << e.what();
  }
  const ScoreSheet back = ScoreSheetFromJson(actual);
  EXPECT_EQ(ScoreSheetToJson(back).dump(), actual.dump()) << GetParam();
  EXPECT_EQ(back.units.size(), actual["units"].size());
}

TEST(ScoreSheetFromJsonTest, NamesTheBadField) {
  ScoreSheet sheet;
  sheet.framework_id = "x";
  UnitScore u;
  u.unit.id = "a";
  IndicatorScore leaf;
  leaf.id = "l";
  leaf.name = "叶";
  u.indicators.push_back(leaf);
  sheet.units.push_back(u);
  nlohmann::json j = ScoreSheetToJson(sheet);
  EXPECT_EQ(ScoreSheetToJson(ScoreSheetFromJson(j)), j);
  j["units"][0]["indicators"][0]["status"] = "maybe";
  try {
    ScoreSheetFromJson(j);
    ADD_FAILURE() << "accepted a bad status";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("units[0].indicators[0].status"), std::string::npos)
        << e.what();
  }
  j = ScoreSheetToJson(sheet);
  j["units"][0]["total"] = "12";
  EXPECT_THROW(ScoreSheetFromJson(j), Error);
  j = ScoreSheetToJson(sheet);
  j["schema"] = "other";
  EXPECT_THROW(ScoreSheetFromJson(j), Error);
  EXPECT_THROW(ScoreSheetFromJson(nlohmann::json::array()), Error);
}

std::string CaseName(const ::testing::TestParamInfo<fs::path>& info) {
  std::string name =
      info.param.parent_path().filename().string() + "_" + info.param.filename().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Scoring, GoldenTest, ::testing::ValuesIn(Cases()), CaseName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenTest);

}  // namespace
}  // namespace govscore::scoring
