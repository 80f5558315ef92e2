#include "checklist/interaction.h"

#include <algorithm>
#include <array>

#include "checklist/dictionary.h"
#include "extract/dates.h"

namespace govscore::checklist {
namespace {

struct LabelledDate {
  Date date;
  size_t label_begin = 0, label_end = 0;
};

// The first date within a short distance after any of the labels.
std::optional<LabelledDate> DateAfter(std::string_view text,
                                      const std::vector<std::string_view>& labels, Date as_of) {
  std::optional<LabelledDate> best;
  for (std::string_view label : labels) {
    for (size_t p = text.find(label); p != std::string_view::npos; p = text.find(label, p + 1)) {
      size_t from = p + label.size();
      std::string_view window = text.substr(from, 40);  // "：2024年05月01日 09:30"
      DateScanOptions o;
      o.as_of = as_of;
      std::optional<DateMatch> m = FindFirstDate(window, o);
      if (!m || m->begin > 12) continue;
      if (!best || p < best->label_begin) best = LabelledDate{m->date, p, from};
      break;
    }
  }
  return best;
}

bool Contains(std::string_view s, std::string_view x) {
  return s.find(x) != std::string_view::npos;
}

}  // namespace

const std::vector<std::string_view>& AskLabels() {
  static const std::vector<std::string_view> kAsk = {"留言时间", "提问时间", "来信时间",
                                                     "咨询时间", "提交时间", "写信时间",
                                                     "发件时间", "留言日期", "来信日期"};
  return kAsk;
}

std::optional<Message> ReadMessage(std::string_view url, std::string_view title,
                                   std::string_view text, Date as_of) {
  static const std::vector<std::string_view> kReply = {
      "回复时间", "答复时间", "回复日期", "答复日期", "办理时间",
      "处理时间", "办结时间", "反馈时间", "回复于",   "答复于"};
  Message m;
  m.url = std::string(url);
  m.title = std::string(title);
  std::optional<LabelledDate> asked = DateAfter(text, AskLabels(), as_of);
  if (!asked) return std::nullopt;
  m.asked = asked->date;
  m.excerpt = HitContext(text, asked->label_begin, asked->label_end, 16);
  std::optional<LabelledDate> replied = DateAfter(text, kReply, as_of);
  if (replied && replied->date >= asked->date) {
    m.replied = replied->date;
    m.excerpt += " … " + HitContext(text, replied->label_begin, replied->label_end, 16);
  }
  static const std::array<std::string_view, 6> kOpen = {"未回复",   "待回复", "尚未回复",
                                                        "尚未答复", "未答复", "办理中"};
  m.says_unanswered = std::any_of(kOpen.begin(), kOpen.end(),
                                  [&](std::string_view s) { return Contains(text, s); });
  if (m.says_unanswered && m.replied && !Contains(text, "回复内容") && !Contains(text, "答复内容"))
    m.replied.reset();
  return m;
}

bool IsConsultationColumn(std::string_view name) {
  static const std::array<std::string_view, 6> kExcluded = {"访谈", "调查", "征集",
                                                            "信访", "纪检", "举报"};
  for (std::string_view x : kExcluded)
    if (Contains(name, x)) return false;
  static const std::array<std::string_view, 10> kIncluded = {
      "咨询", "留言", "信箱", "问政", "建言", "诉求", "问答", "来信", "互动交流", "网民"};
  return std::any_of(kIncluded.begin(), kIncluded.end(),
                     [&](std::string_view s) { return Contains(name, s); });
}

InteractionSummary SummarizeInteraction(const std::vector<Message>& messages,
                                        const InteractionOptions& o,
                                        const framework::WorkdayCalendar& calendar) {
  InteractionSummary s;
  const Date window_start = o.as_of.AddMonths(-o.window_months);
  std::vector<double> delays;
  for (const Message& m : messages) {
    if (m.replied && *m.replied <= o.as_of && (!s.newest_reply || *m.replied > *s.newest_reply))
      s.newest_reply = m.replied;
    if (!m.asked || *m.asked < window_start || *m.asked > o.as_of) continue;
    MessageVerdict v;
    v.message = &m;
    const Date veto_deadline = m.asked->AddMonths(o.veto_months);
    if (m.replied && *m.replied <= o.as_of) {
      ++s.answered;
      v.reply_workdays = calendar.WorkdaysBetween(*m.asked, *m.replied);
      delays.push_back(static_cast<double>(*v.reply_workdays));
      v.unanswered_over_limit = *m.replied > veto_deadline;
      v.overdue = *v.reply_workdays > o.reply_limit_workdays;
    } else {
      v.unanswered_over_limit = o.as_of > veto_deadline;
      v.overdue = calendar.WorkdaysBetween(*m.asked, o.as_of) > o.reply_limit_workdays;
    }
    if (v.unanswered_over_limit) s.unanswered_3m.push_back(&m);
    if (v.overdue) s.overdue.push_back(&m);
    s.messages.push_back(v);
  }
  if (!delays.empty()) {
    std::sort(delays.begin(), delays.end());
    size_t n = delays.size();
    s.median_reply_workdays = n % 2 ? delays[n / 2] : (delays[n / 2 - 1] + delays[n / 2]) / 2;
  }
  return s;
}

}  // namespace govscore::checklist
