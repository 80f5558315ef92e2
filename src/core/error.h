// The error every stage throws for bad input or a failed operation. It carries
// where the problem is (a file and line, a URL, an indicator id) so the message a
// user sees says what and where.
#pragma once

#include <stdexcept>
#include <string>

namespace govscore {

class Error : public std::runtime_error {
 public:
  // `where` is a location a user can act on ("frameworks/x.yaml:12", a URL), or empty.
  explicit Error(const std::string& message, std::string where = {})
      : std::runtime_error(where.empty() ? message : where + ": " + message),
        where_(std::move(where)) {}
  const std::string& where() const { return where_; }

 private:
  std::string where_;
};

}  // namespace govscore
