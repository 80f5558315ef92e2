#include "core/html_escape.h"

#include <gtest/gtest.h>

namespace govscore {
namespace {

TEST(HtmlEscapeTest, EscapesMarkupAndQuotes) {
  EXPECT_EQ(HtmlEscape(R"(<a href="x?a=1&b='2'">)"),
            "&lt;a href=&quot;x?a=1&amp;b=&#39;2&#39;&quot;&gt;");
}

TEST(HtmlEscapeTest, KeepsChineseText) { EXPECT_EQ(HtmlEscape("政府网站 报告"), "政府网站 报告"); }

}  // namespace
}  // namespace govscore
