#include "fetch/content_decoder.h"

#include <gtest/gtest.h>

#include <random>

#include "fetch/test_support.h"

namespace govscore {
namespace {

std::string Compress(const std::string& data, int window_bits) {
  return fetch_testing::Deflate(data, window_bits, Z_DEFAULT_COMPRESSION);
}

std::string Brotli(const std::string& data) { return fetch_testing::BrotliCompress(data, 5); }

std::string Text(size_t n) {
  std::mt19937 rng(7);
  std::string s;
  while (s.size() < n) s += "政府网站 " + std::to_string(rng() % 1000) + " ";
  return s;
}

// Feeds `encoded` in chunks of random size; returns the status of the last Feed.
ContentDecoder::Status FeedInChunks(ContentDecoder& d, const std::string& encoded, std::string* out,
                                    size_t cap, unsigned seed) {
  std::mt19937 rng(seed);
  size_t pos = 0;
  ContentDecoder::Status status = ContentDecoder::Status::kOk;
  while (pos < encoded.size() && status == ContentDecoder::Status::kOk) {
    size_t n = std::min<size_t>(encoded.size() - pos, 1 + rng() % 5000);
    status = d.Feed(std::string_view(encoded).substr(pos, n), out, cap);
    pos += n;
  }
  return status;
}

TEST(ContentDecoderTest, EveryEncodingInAnyChunking) {
  std::string text = Text(200000);
  struct Case {
    const char* encoding;
    std::string data;
  };
  std::vector<Case> cases = {{"gzip", Compress(text, 15 + 16)},
                             {"x-gzip", Compress(text, 15 + 16)},
                             {"deflate", Compress(text, 15)},
                             {"deflate", Compress(text, -15)},
                             {"br", Brotli(text)},
                             {"identity", text},
                             {"", text}};
  for (const Case& c : cases) {
    for (unsigned seed = 1; seed <= 3; ++seed) {
      ContentDecoder d;
      d.Reset(c.encoding);
      std::string out;
      EXPECT_EQ(FeedInChunks(d, c.data, &out, 1 << 20, seed), ContentDecoder::Status::kOk)
          << c.encoding;
      EXPECT_EQ(out, text) << c.encoding;
    }
  }
}

TEST(ContentDecoderTest, CapIsNeverExceeded) {
  std::string text(3 << 20, 'a');
  for (std::string encoding : {"gzip", "br", "identity"}) {
    std::string data = encoding == "gzip" ? Compress(text, 31)
                       : encoding == "br" ? Brotli(text)
                                          : text;
    ContentDecoder d;
    d.Reset(encoding);
    std::string out;
    EXPECT_EQ(FeedInChunks(d, data, &out, 12345, 1), ContentDecoder::Status::kOverCap) << encoding;
    EXPECT_EQ(out.size(), 12345u) << encoding;
  }
}

TEST(ContentDecoderTest, ConcatenatedGzipMembers) {
  ContentDecoder d;
  d.Reset("GZIP");
  std::string out;
  EXPECT_EQ(d.Feed(Compress("one ", 31) + Compress("two", 31), &out, 100),
            ContentDecoder::Status::kOk);
  EXPECT_EQ(out, "one two");
}

TEST(ContentDecoderTest, GarbageNeverCrashes) {
  std::mt19937 rng(99);
  for (int round = 0; round < 500; ++round) {
    std::string junk(1 + rng() % 2000, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    for (const char* encoding : {"gzip", "deflate", "br"}) {
      ContentDecoder d;
      d.Reset(encoding);
      std::string out;
      FeedInChunks(d, junk, &out, 4096, round);
      EXPECT_LE(out.size(), 4096u);
    }
  }
  ContentDecoder d;
  d.Reset("gzip");
  std::string out;
  EXPECT_EQ(d.Feed("definitely not gzip", &out, 100), ContentDecoder::Status::kCorrupt);
}

TEST(ContentDecoderTest, ReusableAfterReset) {
  ContentDecoder d;
  for (int i = 0; i < 3; ++i) {
    d.Reset(i % 2 ? "br" : "gzip");
    std::string out;
    EXPECT_EQ(d.Feed(i % 2 ? Brotli("again") : Compress("again", 31), &out, 100),
              ContentDecoder::Status::kOk);
    EXPECT_EQ(out, "again");
  }
}

}  // namespace
}  // namespace govscore
