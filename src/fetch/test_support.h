// Test support for the fetch stage: compressing test bodies and raw loopback
// sockets for misbehaving servers. Header-only; for *_test.cc files.
#pragma once

#include <brotli/encode.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <zlib.h>

#include <cstdint>
#include <string>

namespace govscore::fetch_testing {

// zlib's deflate of `data`: window_bits 15+16 gzip, 15 zlib, -15 raw deflate.
inline std::string Deflate(const std::string& data, int window_bits, int level = Z_BEST_SPEED) {
  z_stream zs{};
  deflateInit2(&zs, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

inline std::string BrotliCompress(const std::string& data, int quality = BROTLI_MIN_QUALITY) {
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  std::string out(size, '\0');
  BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_DEFAULT_MODE, data.size(),
                        reinterpret_cast<const uint8_t*>(data.data()), &size,
                        reinterpret_cast<uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

// A TCP socket bound to a random port on 127.0.0.1, listening with `backlog`
// unless backlog < 0. Sets *addr to its address; returns the descriptor.
inline int LoopbackSocket(int backlog, sockaddr_in* addr) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  *addr = sockaddr_in{};
  addr->sin_family = AF_INET;
  addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(addr), sizeof(*addr));
  if (backlog >= 0) listen(fd, backlog);
  socklen_t len = sizeof(*addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(addr), &len);
  return fd;
}

}  // namespace govscore::fetch_testing
