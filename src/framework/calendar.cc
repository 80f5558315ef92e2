#include "framework/calendar.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>

#include "core/error.h"

namespace govscore::framework {
namespace {

Date ParseDay(const YAML::Node& node, const std::string& path) {
  std::optional<Date> d = node.IsScalar() ? Date::Parse(node.Scalar()) : std::nullopt;
  if (!d)
    throw Error("expected a date YYYY-MM-DD", path + ":" + std::to_string(node.Mark().line + 1));
  return *d;
}

}  // namespace

WorkdayCalendar WorkdayCalendar::LoadFile(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw Error("cannot read the calendar file", path);
  } catch (const YAML::Exception& e) {
    throw Error("YAML syntax: " + e.msg, path + ":" + std::to_string(e.mark.line + 1));
  }
  if (!root["schema"] || root["schema"].Scalar() != "govscore.calendar/1")
    throw Error("schema must be govscore.calendar/1", path);
  WorkdayCalendar cal;
  try {
    for (const auto& year : root["years"]) {
      std::string where = path + ":" + std::to_string(year.Mark().line + 1);
      if (!year["year"]) throw Error("a year block needs 'year'", where);
      cal.years_.insert(year["year"].as<int>());
      for (const auto& h : year["holidays"]) {
        Date from = ParseDay(h["from"], path);
        Date to = ParseDay(h["to"], path);
        if (to < from) throw Error("holiday 'to' before 'from'", where);
        for (Date d = from; d <= to; d = d.AddDays(1)) cal.holidays_.insert(d.day_number());
      }
      for (const auto& w : year["workdays"]) {
        Date d = ParseDay(w, path);
        if (d.iso_weekday() < 6)
          throw Error("make-up working day " + d.ToString() + " is not a weekend day", where);
        cal.workdays_.insert(d.day_number());
      }
    }
  } catch (const YAML::Exception& e) {
    throw Error("unexpected calendar structure: " + e.msg,
                path + ":" + std::to_string(e.mark.line + 1));
  }
  return cal;
}

const WorkdayCalendar& WorkdayCalendar::Default() {
  static const WorkdayCalendar kDefault = [] {
    const char* env = std::getenv("GOVSCORE_CALENDAR");
    return LoadFile(env && *env ? std::string(env)
                                : std::string(GOVSCORE_SOURCE_DIR) + "/data/calendar/cn.yaml");
  }();
  return kDefault;
}

void WorkdayCalendar::Merge(const WorkdayCalendar& other) {
  holidays_.insert(other.holidays_.begin(), other.holidays_.end());
  workdays_.insert(other.workdays_.begin(), other.workdays_.end());
  years_.insert(other.years_.begin(), other.years_.end());
}

bool WorkdayCalendar::IsWorkday(Date day) const {
  if (workdays_.count(day.day_number())) return true;
  if (day.iso_weekday() >= 6) return false;
  return !holidays_.count(day.day_number());
}

long WorkdayCalendar::WorkdaysBetween(Date from, Date to) const {
  if (to < from) return -WorkdaysBetween(to, from);
  long n = 0;
  for (Date d = from.AddDays(1); d <= to; d = d.AddDays(1))
    if (IsWorkday(d)) ++n;
  return n;
}

Date WorkdayCalendar::AddWorkdays(Date day, long n) const {
  while (n > 0) {
    day = day.AddDays(1);
    if (IsWorkday(day)) --n;
  }
  return day;
}

Date WorkdayCalendar::SubtractWorkdays(Date day, long n) const {
  while (n > 0) {
    day = day.AddDays(-1);
    if (IsWorkday(day)) --n;
  }
  return day;
}

int WorkdayCalendar::WorkdaysInYear(int year) const {
  return static_cast<int>(
      WorkdaysBetween(Date::FromYmd(year - 1, 12, 31), Date::FromYmd(year, 12, 31)));
}

}  // namespace govscore::framework
