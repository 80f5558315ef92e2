#include "fetch/content_decoder.h"

#include <algorithm>

namespace govscore {
namespace {

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

constexpr size_t kStep = size_t{16} * 1024;

}  // namespace

ContentDecoder::~ContentDecoder() { Release(); }

void ContentDecoder::Release() {
  if (zlib_ready_) inflateEnd(&zs_);
  zlib_ready_ = false;
  if (brotli_ != nullptr) BrotliDecoderDestroyInstance(brotli_);
  brotli_ = nullptr;
}

void ContentDecoder::Reset(std::string_view encoding) {
  Release();
  started_ = false;
  while (!encoding.empty() && (encoding.back() == ' ' || encoding.back() == '\t'))
    encoding.remove_suffix(1);
  while (!encoding.empty() && (encoding.front() == ' ' || encoding.front() == '\t'))
    encoding.remove_prefix(1);
  if (EqualsNoCase(encoding, "gzip") || EqualsNoCase(encoding, "x-gzip")) {
    kind_ = Kind::kGzip;
  } else if (EqualsNoCase(encoding, "deflate")) {
    kind_ = Kind::kDeflate;
  } else if (EqualsNoCase(encoding, "br")) {
    kind_ = Kind::kBrotli;
  } else {
    kind_ = Kind::kIdentity;
  }
}

ContentDecoder::Status ContentDecoder::Feed(std::string_view chunk, std::string* out, size_t cap) {
  switch (kind_) {
    case Kind::kIdentity: {
      size_t room = cap > out->size() ? cap - out->size() : 0;
      if (chunk.size() > room) {
        out->append(chunk.substr(0, room));
        return Status::kOverCap;
      }
      out->append(chunk);
      return Status::kOk;
    }
    case Kind::kGzip:
    case Kind::kDeflate:
      return FeedZlib(chunk, out, cap);
    case Kind::kBrotli:
      return FeedBrotli(chunk, out, cap);
  }
  return Status::kCorrupt;
}

ContentDecoder::Status ContentDecoder::FeedZlib(std::string_view chunk, std::string* out,
                                                size_t cap) {
  if (chunk.empty()) return Status::kOk;
  if (!started_) {
    started_ = true;
    int window = 15 + 32;  // gzip or zlib header, detected
    if (kind_ == Kind::kDeflate) {
      // "deflate" should be zlib-wrapped, but many servers send raw deflate.
      auto b0 = static_cast<unsigned char>(chunk[0]);
      bool zlib_header =
          (b0 & 0x0F) == 8 &&
          (chunk.size() < 2 || ((b0 << 8) | static_cast<unsigned char>(chunk[1])) % 31 == 0);
      window = zlib_header ? 15 : -15;
    }
    zs_ = z_stream{};
    if (inflateInit2(&zs_, window) != Z_OK) return Status::kCorrupt;
    zlib_ready_ = true;
  }
  zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
  zs_.avail_in = static_cast<uInt>(chunk.size());
  while (zs_.avail_in > 0) {
    size_t room = cap > out->size() ? cap - out->size() : 0;
    if (room == 0) return Status::kOverCap;
    size_t step = std::min(room, kStep);
    size_t old = out->size();
    out->resize(old + step);
    zs_.next_out = reinterpret_cast<Bytef*>(out->data() + old);
    zs_.avail_out = static_cast<uInt>(step);
    int rc = inflate(&zs_, Z_NO_FLUSH);
    out->resize(old + step - zs_.avail_out);
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members are legal; anything else after the end is junk.
      if (zs_.avail_in > 0 && kind_ == Kind::kGzip && inflateReset(&zs_) == Z_OK) continue;
      return Status::kOk;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) return Status::kCorrupt;
    if (rc == Z_BUF_ERROR && zs_.avail_out != 0) return Status::kCorrupt;
  }
  return Status::kOk;
}

ContentDecoder::Status ContentDecoder::FeedBrotli(std::string_view chunk, std::string* out,
                                                  size_t cap) {
  if (brotli_ == nullptr) {
    brotli_ = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    if (brotli_ == nullptr) return Status::kCorrupt;
  }
  size_t avail_in = chunk.size();
  const auto* next_in = reinterpret_cast<const uint8_t*>(chunk.data());
  for (;;) {
    size_t room = cap > out->size() ? cap - out->size() : 0;
    size_t step = std::min(room, kStep);
    size_t old = out->size();
    out->resize(old + step);
    size_t avail_out = step;
    auto* next_out = reinterpret_cast<uint8_t*>(out->data() + old);
    BrotliDecoderResult rc =
        BrotliDecoderDecompressStream(brotli_, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    out->resize(old + step - avail_out);
    switch (rc) {
      case BROTLI_DECODER_RESULT_SUCCESS:
      case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
        return Status::kOk;
      case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
        if (out->size() >= cap) return Status::kOverCap;
        continue;
      case BROTLI_DECODER_RESULT_ERROR:
        return Status::kCorrupt;
    }
  }
}

}  // namespace govscore
