#include "store/connection.h"

#include <charconv>
#include <cstdio>

namespace govscore::store {

std::string Param::ToText() const {
  switch (kind_) {
    case kInt:
      return std::to_string(int_);
    case kReal: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", real_);
      return buf;
    }
    case kText:
      return text_;
    case kNull:
      break;
  }
  throw Error("NULL parameter has no text form", "store");
}

int64_t Row::Int(size_t i) const {
  const std::string& t = Text(i);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size()) {
    // SQLite may hand back reals for integer columns computed by expressions.
    double d = 0;
    auto [end2, ec2] = std::from_chars(t.data(), t.data() + t.size(), d);
    if (ec2 != std::errc() || end2 != t.data() + t.size())
      throw Error("column " + std::to_string(i) + " is not an integer: '" + t + "'", "store");
    return static_cast<int64_t>(d);
  }
  return v;
}

double Row::Real(size_t i) const {
  const std::string& t = Text(i);
  double v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size())
    throw Error("column " + std::to_string(i) + " is not a number: '" + t + "'", "store");
  return v;
}

const std::string& Row::Text(size_t i) const {
  const auto& c = cells_.at(i);
  if (!c) throw Error("column " + std::to_string(i) + " is NULL", "store");
  return *c;
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

}  // namespace govscore::store
