#include "checklist/interaction.h"

#include <gtest/gtest.h>

namespace govscore::checklist {
namespace {

Date D(const char* s) { return *Date::Parse(s); }

TEST(InteractionTest, ReadsQuestionAndReplyDates) {
  auto m = ReadMessage("http://x/hdjl/1.html", "关于路灯维修的咨询",
                       "留言人：张某 留言时间：2024-03-01 09:12 留言内容：路灯坏了 "
                       "回复单位：市城管局 回复时间：2024年3月8日 回复内容：已维修",
                       D("2024-06-30"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->asked, D("2024-03-01"));
  EXPECT_EQ(m->replied, D("2024-03-08"));
  EXPECT_FALSE(m->says_unanswered);
}

TEST(InteractionTest, UnansweredAndNotAMessage) {
  auto m = ReadMessage("u", "t", "来信时间：2024-01-05 状态：待回复", D("2024-06-30"));
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->replied);
  EXPECT_TRUE(m->says_unanswered);
  EXPECT_FALSE(ReadMessage("u", "t", "发布时间：2024-01-05 这是一篇新闻", D("2024-06-30")));
  // A reply date before the question is not a reply.
  auto bad = ReadMessage("u", "t", "留言时间：2024-02-05 回复时间：2024-02-01", D("2024-06-30"));
  ASSERT_TRUE(bad);
  EXPECT_FALSE(bad->replied);
}

TEST(InteractionTest, ConsultationColumns) {
  EXPECT_TRUE(IsConsultationColumn("政务咨询"));
  EXPECT_TRUE(IsConsultationColumn("局长信箱"));
  EXPECT_TRUE(IsConsultationColumn("网上留言"));
  EXPECT_FALSE(IsConsultationColumn("在线访谈"));
  EXPECT_FALSE(IsConsultationColumn("调查征集"));
  EXPECT_FALSE(IsConsultationColumn("网上信访"));
  EXPECT_FALSE(IsConsultationColumn("纪检举报"));
  EXPECT_FALSE(IsConsultationColumn("通知公告"));
}

Message M(const char* url, const char* asked, const char* replied = nullptr) {
  Message m;
  m.url = url;
  m.asked = D(asked);
  if (replied) m.replied = D(replied);
  return m;
}

// V5 at its threshold: as_of 2024-06-30; a message asked 2024-03-30 is exactly
// 3 months old (not over), one asked 2024-03-29 is over.
TEST(InteractionTest, UnansweredOverThreeMonthsAtTheBoundary) {
  framework::WorkdayCalendar cal = framework::WorkdayCalendar::Default();
  InteractionOptions o;
  o.as_of = D("2024-06-30");
  std::vector<Message> msgs = {
      M("a", "2024-03-30"), M("b", "2024-03-29"),
      M("c", "2024-01-10", "2024-04-11"),  // replied after 3 months + 1 day
      M("d", "2024-01-10", "2024-04-10"),  // exactly 3 months
      M("e", "2023-06-29")};               // outside the 1-year window
  InteractionSummary s = SummarizeInteraction(msgs, o, cal);
  ASSERT_EQ(s.unanswered_3m.size(), 2u);
  EXPECT_EQ(s.unanswered_3m[0]->url, "b");
  EXPECT_EQ(s.unanswered_3m[1]->url, "c");
  EXPECT_EQ(s.messages.size(), 4u);
  EXPECT_EQ(s.newest_reply, D("2024-04-11"));
}

// Reply delays in working days over the 2024 Qingming holiday (04-04..04-06
// off, 04-07 Sunday a make-up working day): asked Wed 04-03, answered Mon 04-08
// = 04-07 and 04-08 = 2 working days.
TEST(InteractionTest, ReplyDelaysInWorkingDays) {
  framework::WorkdayCalendar cal = framework::WorkdayCalendar::Default();
  InteractionOptions o;
  o.as_of = D("2024-06-30");
  o.reply_limit_workdays = 10;
  std::vector<Message> msgs = {M("q", "2024-04-03", "2024-04-08"),
                               // 2024-06-03 (Mon) + 10 working days = 06-17 (06-10 端午 off).
                               M("ten", "2024-06-03", "2024-06-18"),
                               M("eleven", "2024-06-03", "2024-06-19"),
                               M("open", "2024-06-14")};  // 06-14 → 06-28: 9 working days
  InteractionSummary s = SummarizeInteraction(msgs, o, cal);
  ASSERT_EQ(s.messages.size(), 4u);
  EXPECT_EQ(s.messages[0].reply_workdays, 2);
  EXPECT_EQ(s.messages[1].reply_workdays, 10);
  EXPECT_EQ(s.messages[2].reply_workdays, 11);
  ASSERT_EQ(s.overdue.size(), 1u);
  EXPECT_EQ(s.overdue[0]->url, "eleven");
  ASSERT_TRUE(s.median_reply_workdays);
  EXPECT_DOUBLE_EQ(*s.median_reply_workdays, 10);
  EXPECT_EQ(s.answered, 3);
}

}  // namespace
}  // namespace govscore::checklist
