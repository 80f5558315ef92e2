// `govscore scan --checkpoint FILE`: mid-crawl checkpoints of a standalone
// scan in a local file (the worker keeps them in the store instead; see
// crawl/crawl_log.h). One batch per line, appended and fsync'ed; a line cut
// by a kill (no newline) is ignored on resume.
#pragma once

#include <string>

#include "crawl/crawler.h"

namespace govscore {

// Sets o.checkpoint_sink, o.resume_source and o.checkpoint_discard to use
// `path`: an existing file is resumed from, new batches are appended to it.
// Throws Error when the file cannot be opened for appending.
void UseCheckpointFile(ScanOptions& o, const std::string& path);

// The scan ended: the file is no longer needed; removes it.
void RemoveCheckpointFile(const std::string& path);

}  // namespace govscore
