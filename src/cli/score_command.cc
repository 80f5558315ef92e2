#include "cli/commands.h"

namespace govscore::cli {

// Placeholder until the score stage lands.
void RegisterScoreCommand(CLI::App& app) { (void)app; }

}  // namespace govscore::cli
