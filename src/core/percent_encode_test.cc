#include "core/percent_encode.h"

#include <gtest/gtest.h>

namespace govscore {
namespace {

TEST(PercentEncodeTest, KeepsUnreservedAndEncodesEveryOtherByte) {
  EXPECT_EQ(PercentEncode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(PercentEncode("a b&c=d/?#%+"), "a%20b%26c%3Dd%2F%3F%23%25%2B");
  EXPECT_EQ(PercentEncode("政务"), "%E6%94%BF%E5%8A%A1");  // UTF-8 bytes, upper-case hex
  EXPECT_EQ(PercentEncode(std::string_view("\0\xff", 2)), "%00%FF");
  EXPECT_EQ(PercentEncode(""), "");
}

}  // namespace
}  // namespace govscore
