// The main() of every GoogleTest executable of the project: ctest runs each
// test in a process of its own, many at once, and ::testing::TempDir() is
// /tmp/ for all of them — two tests writing "units1.csv" there read each
// other's files. Each process gets a private directory instead (TEST_TMPDIR,
// which TempDir() reads), removed when the tests end; a TEST_TMPDIR set by the
// caller is kept as it is.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

int main(int argc, char** argv) {
  std::string dir;
  if (getenv("TEST_TMPDIR") == nullptr) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "govscore-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("test_main: mkdtemp");
      return 1;
    }
    dir = pattern;
    setenv("TEST_TMPDIR", dir.c_str(), 1);
  }
  ::testing::InitGoogleTest(&argc, argv);
  const int status = RUN_ALL_TESTS();
  if (!dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  return status;
}
