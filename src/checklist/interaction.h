// Interaction columns (政务咨询 / 领导信箱 / 网上留言): the question and reply
// dates read from a message page, and the national checklist's judgements on
// them (REFERENCE.md §1.3 V5, §1.4): messages of the year before the 监测时间点
// left unanswered for more than 3 months, replies later than a limit in
// working days, the newest reply.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "framework/calendar.h"

namespace govscore::checklist {

struct Message {
  std::string url;
  std::string title;
  std::optional<Date> asked;     // 留言/提问/来信/咨询/提交 时间
  std::optional<Date> replied;   // 回复/答复/办理/处理 时间; none = unanswered
  bool says_unanswered = false;  // the page says 未回复/待回复/办理中/尚未答复
  // The page text around the asking label (and around the reply label when
  // there is one), the label in 【】: the evidence quoted with the URL.
  std::string excerpt;
};

// The asking labels ReadMessage looks for (a page without any is not a
// message page: a cheap prefilter).
const std::vector<std::string_view>& AskLabels();

// Reads a message page: the first date after an asking label (留言时间, 提问时间,
// 来信时间, 咨询时间, 提交时间, 写信时间, 发件时间) and the first after a reply
// label (回复时间, 答复时间, 回复日期, 答复日期, 办理时间, 处理时间, 办结时间,
// 反馈时间). nullopt when the page has no asking label with a date (not a
// message page). A reply date before the question date is dropped.
std::optional<Message> ReadMessage(std::string_view url, std::string_view title,
                                   std::string_view text, Date as_of);

// Whether a column name is a 政务咨询类 column the V5 rule covers (咨询, 留言,
// 信箱, 问政, 建言, 诉求 …) and not one it excludes (在线访谈, 调查征集, 网上信访,
// 纪检举报 / 举报).
bool IsConsultationColumn(std::string_view column_name);

struct InteractionOptions {
  Date as_of;
  int reply_limit_workdays = 10;  // interaction.overdue: later than this, or unanswered past it
  int veto_months = 3;            // interaction.unanswered_3m
  int window_months = 12;         // messages asked in [as_of − window, as_of]
};

struct MessageVerdict {
  const Message* message = nullptr;
  std::optional<long> reply_workdays;  // working days asked → replied
  bool unanswered_over_limit = false;  // V5: no reply within veto_months (or replied after)
  bool overdue = false;                // reply_limit_workdays exceeded (answered late, or not yet)
};

struct InteractionSummary {
  std::vector<MessageVerdict> messages;         // in the window, in input order
  std::vector<const Message*> unanswered_3m;    // V5 cases
  std::vector<const Message*> overdue;          // interaction.overdue
  std::optional<double> median_reply_workdays;  // over answered messages in the window
  std::optional<Date> newest_reply;             // over all messages
  int answered = 0;
};

// Judges the messages. A message in the window counts for V5 when it has no
// reply and as_of is more than `veto_months` after the question, or when its
// reply came more than `veto_months` after the question ("超过3个月未回应").
// Messages without a question date are ignored (they cannot be placed).
InteractionSummary SummarizeInteraction(const std::vector<Message>& messages,
                                        const InteractionOptions& options,
                                        const framework::WorkdayCalendar& calendar);

}  // namespace govscore::checklist
