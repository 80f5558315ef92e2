// The working-day calendar (工作日) every "N个工作日" rule and "10wd" window
// uses: weekends and official holidays are off, make-up days (调休上班) are
// working days. The data is a YAML file (data/calendar/cn.yaml, format
// govscore.calendar/1) that users extend with their own files.
#pragma once

#include <set>
#include <string>

#include "core/date.h"

namespace govscore::framework {

class WorkdayCalendar {
 public:
  // A calendar with no holidays: Monday–Friday are working days.
  WorkdayCalendar() = default;

  // Reads a govscore.calendar/1 file; throws govscore::Error naming file and line.
  static WorkdayCalendar LoadFile(const std::string& path);
  // data/calendar/cn.yaml of the source tree (or $GOVSCORE_CALENDAR), loaded once.
  static const WorkdayCalendar& Default();

  // Adds the holidays and make-up days of another file; a make-up working day
  // wins over a holiday range.
  void Merge(const WorkdayCalendar& other);

  bool IsWorkday(Date day) const;
  // Whether `year` has an arrangement in the data (otherwise only weekends count).
  bool Covers(int year) const { return years_.count(year) > 0; }
  // Working days in (from, to]: asked on `from`, answered on `to`. Negative when
  // to < from (counts (to, from] negated); 0 when equal.
  long WorkdaysBetween(Date from, Date to) const;
  // The n-th working day after `day` (n >= 0; n = 0 returns `day`).
  Date AddWorkdays(Date day, long n) const;
  // The n-th working day before `day` (n >= 0).
  Date SubtractWorkdays(Date day, long n) const;
  // Working days in the calendar year.
  int WorkdaysInYear(int year) const;

 private:
  std::set<long> holidays_;  // day numbers
  std::set<long> workdays_;  // make-up working days
  std::set<int> years_;
};

}  // namespace govscore::framework
