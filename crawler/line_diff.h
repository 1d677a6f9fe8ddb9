// UnifiedDiff: a unified diff ("diff -u" format, 3 lines of context) of two
// texts by lines, for `reextract --diff` to show what a rule change does to
// an article body.
//
// The longest common subsequence of the lines is computed after the common
// head and tail are stripped, with a bounded table (kMaxDiffCells); beyond
// it the differing middle is shown as removed and added whole, so any input
// costs bounded time and memory.
//
// Thread safety: a pure function.
#ifndef NEWSCRAWL_CRAWLER_LINE_DIFF_H_
#define NEWSCRAWL_CRAWLER_LINE_DIFF_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace newscrawl {

inline constexpr std::size_t kMaxDiffCells = std::size_t{4} << 20;

// "" when the texts are equal; else "--- old_label\n+++ new_label\n" and
// "@@ -a,b +c,d @@" hunks of " ", "-" and "+" lines.
std::string UnifiedDiff(std::string_view old_text, std::string_view new_text,
                        std::string_view old_label, std::string_view new_label,
                        std::size_t context = 3);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_LINE_DIFF_H_
