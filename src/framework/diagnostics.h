// Errors and warnings about a framework file, each naming the file, line and
// indicator, collected instead of thrown so `framework check` can report all of
// them at once.
#pragma once

#include <string>
#include <vector>

#include "framework/framework.h"

namespace govscore::framework {

struct Diagnostic {
  enum class Severity { kError, kWarning, kNote };
  Severity severity = Severity::kError;
  Location where;
  std::string indicator;  // indicator id, or empty
  std::string message;
  // "file:line: error: [indicator] message"
  std::string ToString() const;
};

class Diagnostics {
 public:
  void Error(const Location& where, const std::string& indicator, const std::string& message);
  void Warning(const Location& where, const std::string& indicator, const std::string& message);
  void Note(const Location& where, const std::string& indicator, const std::string& message);

  bool has_errors() const;
  int error_count() const;
  int warning_count() const;
  const std::vector<Diagnostic>& all() const { return items_; }
  // All diagnostics, one per line, in the order they were found.
  std::string ToString() const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace govscore::framework
