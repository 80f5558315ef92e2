// Streaming removal of an HTTP Content-Encoding (gzip, deflate, br) with a cap on
// the decoded size, so a compressed bomb never costs more than the cap.
#pragma once

#include <brotli/decode.h>
#include <zlib.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace govscore {

class ContentDecoder {
 public:
  enum class Status { kOk, kOverCap, kCorrupt };

  ContentDecoder() = default;
  ~ContentDecoder();
  ContentDecoder(const ContentDecoder&) = delete;
  ContentDecoder& operator=(const ContentDecoder&) = delete;

  // Prepares for a new body with Content-Encoding `encoding` (case-insensitive;
  // "", "identity" and unknown encodings pass bytes through unchanged).
  void Reset(std::string_view encoding);

  // Appends the decoding of `chunk` to `*out`, never letting out->size() exceed
  // `cap`. kOverCap: output was cut at `cap`; kCorrupt: the stream is invalid
  // (what was decoded before stays in *out). After either, stop feeding.
  Status Feed(std::string_view chunk, std::string* out, size_t cap);

  // True when Reset chose a real decoder (gzip, deflate or br).
  bool active() const { return kind_ != Kind::kIdentity; }

 private:
  enum class Kind { kIdentity, kGzip, kDeflate, kBrotli };
  void Release();
  Status FeedZlib(std::string_view chunk, std::string* out, size_t cap);
  Status FeedBrotli(std::string_view chunk, std::string* out, size_t cap);

  Kind kind_ = Kind::kIdentity;
  bool zlib_ready_ = false;  // inflateInit2 done for the current body
  bool started_ = false;     // first bytes seen (deflate wrapper sniffed)
  z_stream zs_{};
  BrotliDecoderState* brotli_ = nullptr;
};

}  // namespace govscore
