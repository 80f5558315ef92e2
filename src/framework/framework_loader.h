// Reading framework files (docs/framework-format.md) into the model of
// framework.h. Content problems never throw: they are reported to a
// Diagnostics with file, line and indicator, and the parser keeps going so one
// run lists every problem.
#pragma once

#include <string>

#include "framework/diagnostics.h"
#include "framework/framework.h"

namespace govscore::framework {

// Parses YAML text; `file` is the name used in locations. Structural problems
// (unknown keys, wrong types, unknown rule types, bad numbers, unknown "$param")
// go to `diags`. Semantic checks live in framework_check.h.
Framework ParseFramework(const std::string& yaml_text, const std::string& file, Diagnostics& diags);

// Reads and parses a file; an unreadable file is an error in `diags`.
Framework LoadFramework(const std::string& path, Diagnostics& diags);

// Loads, parses and checks (CheckFramework) a file; throws govscore::Error listing
// every error when there is any. Warnings are dropped.
Framework LoadValidFramework(const std::string& path);

}  // namespace govscore::framework
