#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "core/error.h"

// jemalloc's options (the binary allocates with it: cmake/Dependencies.cmake),
// read when it starts; MALLOC_CONF in the environment still overrides them.
// Background threads return freed memory to the system: without them the
// threads that free do it, with madvise calls whose TLB shootdowns cost the
// scan's crawl and parse threads (a thousand a 20,000-page scan; tearing the
// crawl down took 60 ms of madvise before the report could be written).
extern "C" {
const char* malloc_conf = "background_thread:true";  // the name jemalloc looks for
}

int main(int argc, char** argv) {
  CLI::App app{"govscore — 政府网站与政务新媒体绩效评估 (government website evaluation)"};
  app.set_version_flag("--version", GOVSCORE_VERSION);
  app.require_subcommand(1);
  govscore::cli::RegisterScanCommand(app);
  govscore::cli::RegisterSampleCommand(app);
  govscore::cli::RegisterFrameworkCommand(app);
  govscore::cli::RegisterScoreCommand(app);
  govscore::cli::RegisterChecklistCommand(app);
  govscore::cli::RegisterDemoCommand(app);
  govscore::cli::RegisterServeCommand(app);
  govscore::cli::RegisterMonitorCommands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const govscore::Error& e) {
    std::fprintf(stderr, "govscore: error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "govscore: unexpected error: %s\n", e.what());
    return 2;
  }
  return 0;
}
