#include "framework/diagnostics.h"

#include <algorithm>

namespace govscore::framework {

std::string Location::ToString() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line);
}

std::string Diagnostic::ToString() const {
  std::string out = where.ToString();
  out += severity == Severity::kError     ? ": error: "
         : severity == Severity::kWarning ? ": warning: "
                                          : ": note: ";
  if (!indicator.empty()) out += "[" + indicator + "] ";
  out += message;
  return out;
}

void Diagnostics::Error(const Location& where, const std::string& indicator,
                        const std::string& message) {
  items_.push_back({Diagnostic::Severity::kError, where, indicator, message});
}

void Diagnostics::Warning(const Location& where, const std::string& indicator,
                          const std::string& message) {
  items_.push_back({Diagnostic::Severity::kWarning, where, indicator, message});
}

void Diagnostics::Note(const Location& where, const std::string& indicator,
                       const std::string& message) {
  items_.push_back({Diagnostic::Severity::kNote, where, indicator, message});
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

int Diagnostics::error_count() const {
  return static_cast<int>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Diagnostic::Severity::kError;
  }));
}

int Diagnostics::warning_count() const {
  return static_cast<int>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Diagnostic::Severity::kWarning;
  }));
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const Diagnostic& d : items_) out += d.ToString() + "\n";
  return out;
}

}  // namespace govscore::framework
