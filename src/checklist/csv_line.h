// One line of a checklist CSV import (dictionaries, post lists): RFC 4180
// quotes and doubled quotes, no embedded newlines (callers split lines so that
// errors name the line), a trailing CR dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace govscore::checklist {

std::vector<std::string> SplitCsvLine(std::string_view line);

}  // namespace govscore::checklist
