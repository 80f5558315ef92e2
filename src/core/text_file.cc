#include "core/text_file.h"

#include <fstream>
#include <system_error>

#include "core/error.h"

namespace govscore {

void WriteTextFile(const std::filesystem::path& path, const std::string& content) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  std::string failure;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot open for writing", path.string());
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) failure = "write failed";
  }
  std::error_code ec;
  if (failure.empty()) {
    std::filesystem::rename(tmp, path, ec);
    if (ec) failure = "cannot write: " + ec.message();
  }
  if (!failure.empty()) {
    std::filesystem::remove(tmp, ec);
    throw Error(failure, path.string());
  }
}

}  // namespace govscore
