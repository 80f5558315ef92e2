#include "platform/errors.h"

namespace govscore::platform {

std::string ImportProblem::ToString() const {
  std::string out;
  if (row > 0) out = "第 " + std::to_string(row) + " 行";
  if (!column.empty()) out += (out.empty() ? "" : "，") + column + " 列";
  return out.empty() ? message : out + "：" + message;
}

namespace {

std::string Describe(const std::vector<ImportProblem>& problems) {
  std::string out = std::to_string(problems.size()) + " 个问题，未导入任何数据";
  for (const ImportProblem& p : problems) out += "\n  " + p.ToString();
  return out;
}

}  // namespace

ImportError::ImportError(const std::string& file, std::vector<ImportProblem> problems)
    : InvalidInput(Describe(problems), file), problems_(std::move(problems)) {}

}  // namespace govscore::platform
