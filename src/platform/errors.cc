#include "platform/errors.h"

namespace govscore::platform {

std::string ImportProblem::ToString() const {
  std::string out = "row " + std::to_string(row);
  if (!column.empty()) out += ", column " + column;
  return out + ": " + message;
}

namespace {

std::string Describe(const std::vector<ImportProblem>& problems) {
  std::string out = std::to_string(problems.size()) + " problem(s), nothing imported";
  for (const ImportProblem& p : problems) out += "\n  " + p.ToString();
  return out;
}

}  // namespace

ImportError::ImportError(const std::string& file, std::vector<ImportProblem> problems)
    : InvalidInput(Describe(problems), file), problems_(std::move(problems)) {}

}  // namespace govscore::platform
