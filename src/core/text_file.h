// Writing output files (reports, score sheets) so that a reader never sees a
// half-written file and a failed write leaves nothing behind.
#pragma once

#include <filesystem>
#include <string>

namespace govscore {

// Writes `content` to `path` through a temporary file `<path>.tmp` that is
// renamed over `path`. On any failure the temporary file is removed, `path`
// keeps its previous content (or stays absent), and Error naming `path` is thrown.
void WriteTextFile(const std::filesystem::path& path, const std::string& content);

}  // namespace govscore
