#include "cli/commands.h"

namespace govscore::cli {

// Placeholder until the sample stage lands.
void RegisterSampleCommand(CLI::App& app) { (void)app; }

}  // namespace govscore::cli
