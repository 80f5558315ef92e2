#include "core/text_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace govscore {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path FreshDir(const std::string& name) {
  fs::path dir = fs::path(::testing::TempDir()) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(TextFileTest, WritesAndReplaces) {
  fs::path dir = FreshDir("text_file_ok");
  WriteTextFile(dir / "a.txt", "one");
  WriteTextFile(dir / "a.txt", "two");
  EXPECT_EQ(Read(dir / "a.txt"), "two");
  EXPECT_FALSE(fs::exists(dir / "a.txt.tmp"));
}

// The rename fails (a non-empty directory is in the way): no temp file stays.
TEST(TextFileTest, FailedRenameLeavesNoTempFile) {
  fs::path dir = FreshDir("text_file_rename");
  fs::create_directories(dir / "report.html" / "inside");
  EXPECT_THROW(WriteTextFile(dir / "report.html", "x"), Error);
  EXPECT_FALSE(fs::exists(dir / "report.html.tmp"));
}

// The write itself fails (file size limit): no temp file stays, the old file
// keeps its content.
TEST(TextFileTest, FailedWriteLeavesNoTempFile) {
  fs::path dir = FreshDir("text_file_write");
  WriteTextFile(dir / "score.csv", "old");
  rlimit old{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  bool threw = false;
  try {
    WriteTextFile(dir / "score.csv", std::string(1 << 20, 'x'));
  } catch (const Error&) {
    threw = true;
  }
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_TRUE(threw);
  EXPECT_FALSE(fs::exists(dir / "score.csv.tmp"));
  EXPECT_EQ(Read(dir / "score.csv"), "old");
}

TEST(TextFileTest, UnwritableDirectoryNamesThePath) {
  try {
    WriteTextFile("/nonexistent-dir/x.txt", "x");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("x.txt"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace govscore
