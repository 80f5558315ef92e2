#include "crawl/checkpoint_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>

#include "core/error.h"

namespace govscore {

void UseCheckpointFile(ScanOptions& o, const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    throw Error(std::string("cannot open the checkpoint file: ") + std::strerror(errno), path);
  // Shared by the sink, which may outlive this call (ScanOptions copies).
  auto out = std::shared_ptr<int>(new int(fd), [](int* p) {
    ::close(*p);
    delete p;
  });
  o.checkpoint_sink = [out, path](const std::string& batch, size_t) {
    const std::string line = batch + "\n";
    size_t done = 0;
    while (done < line.size()) {
      const ssize_t n = ::write(*out, line.data() + done, line.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return ::fsync(*out) == 0;
  };
  auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
  if (in->peek() != std::char_traits<char>::eof()) {
    o.resume_source = [in]() -> std::optional<std::string> {
      std::string line;
      if (!std::getline(*in, line) || in->eof()) return std::nullopt;  // none, or cut short
      return line;
    };
  }
  o.checkpoint_discard = [out] {
    if (::ftruncate(*out, 0) != 0) {
      // The stale log stays; the next resume drops it again.
    }
  };
}

void RemoveCheckpointFile(const std::string& path) { ::unlink(path.c_str()); }

}  // namespace govscore
