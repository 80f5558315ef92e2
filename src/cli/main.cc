#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "core/error.h"

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
