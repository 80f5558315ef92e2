// The errors the platform services throw, so a caller (the HTTP server, the
// CLI) can tell the user's mistake from a missing thing from a refused state
// change. All derive from govscore::Error (what + where). The store's
// ConstraintError (a duplicate code, a row still referred to) passes through
// unchanged and means "conflict" too.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"

namespace govscore::platform {

// Bad input from the caller: a malformed file, a missing field, a value out of
// range. HTTP 400.
class InvalidInput : public Error {
 public:
  using Error::Error;
};

// An uploaded file whose content is none of the accepted types. HTTP 415.
class UnsupportedFileType : public InvalidInput {
 public:
  using InvalidInput::InvalidInput;
};

// The named campaign, unit, finding, judgment … does not exist. HTTP 404.
class NotFound : public Error {
 public:
  using Error::Error;
};

// The request is well-formed but the current state refuses it: publishing
// with judgments outstanding, judging in an archived campaign. HTTP 409.
class Conflict : public Error {
 public:
  using Error::Error;
};

// The actor may not do this: a reviewer judging a unit or an indicator that is
// not assigned to them, a webmaster uploading for another unit. HTTP 403.
class Forbidden : public Error {
 public:
  using Error::Error;
};

// One problem of an import file, at a 1-based row of the sheet (the header is
// row 1) and a column as headed in the file ("" when the whole row is wrong).
struct ImportProblem {
  int row = 0;
  std::string column;
  std::string message;
  std::string ToString() const;  // "第 3 行，网站 列：“ftp://x”不是 http(s) 网址"
};

// An import refused as a whole (nothing was stored): every problem found.
class ImportError : public InvalidInput {
 public:
  ImportError(const std::string& file, std::vector<ImportProblem> problems);
  const std::vector<ImportProblem>& problems() const { return problems_; }

 private:
  std::vector<ImportProblem> problems_;
};

}  // namespace govscore::platform
