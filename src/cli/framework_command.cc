#include "cli/commands.h"

namespace govscore::cli {

// Placeholder until the framework stage lands.
void RegisterFrameworkCommand(CLI::App& app) { (void)app; }

}  // namespace govscore::cli
