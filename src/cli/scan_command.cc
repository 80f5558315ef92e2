#include "cli/commands.h"

namespace govscore::cli {

// Placeholder until the scan stage lands.
void RegisterScanCommand(CLI::App& app) { (void)app; }

}  // namespace govscore::cli
