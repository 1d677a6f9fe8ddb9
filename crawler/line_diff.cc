#include "crawler/line_diff.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace newscrawl {
namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    if (nl == std::string_view::npos) {
      lines.push_back(text);
      break;
    }
    lines.push_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  return lines;
}

enum class Op : std::uint8_t { kKeep, kRemove, kAdd };

struct Edit {
  Op op;
  std::size_t a;  // line index in old (kKeep, kRemove)
  std::size_t b;  // line index in new (kKeep, kAdd)
};

// The edit script turning a[lo_a, hi_a) into b[lo_b, hi_b) (no common head
// or tail), by LCS when the table fits, else remove-all + add-all.
void MiddleEdits(const std::vector<std::string_view>& a,
                 const std::vector<std::string_view>& b, std::size_t lo_a,
                 std::size_t hi_a, std::size_t lo_b, std::size_t hi_b,
                 std::vector<Edit>* edits) {
  const std::size_t n = hi_a - lo_a;
  const std::size_t m = hi_b - lo_b;
  if (n == 0 || m == 0 || (n + 1) * (m + 1) > kMaxDiffCells) {
    for (std::size_t i = lo_a; i < hi_a; ++i) edits->push_back({Op::kRemove, i, 0});
    for (std::size_t j = lo_b; j < hi_b; ++j) edits->push_back({Op::kAdd, 0, j});
    return;
  }
  // lcs[i][j]: LCS length of a[lo_a+i..hi_a) and b[lo_b+j..hi_b).
  std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& {
    return lcs[i * (m + 1) + j];
  };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      at(i, j) = a[lo_a + i] == b[lo_b + j]
                     ? at(i + 1, j + 1) + 1
                     : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[lo_a + i] == b[lo_b + j]) {
      edits->push_back({Op::kKeep, lo_a + i, lo_b + j});
      ++i;
      ++j;
    } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
      edits->push_back({Op::kRemove, lo_a + i, 0});  // removals first
      ++i;
    } else {
      edits->push_back({Op::kAdd, 0, lo_b + j});
      ++j;
    }
  }
}

// "start,count" of a hunk side, as diff -u writes it (1-based; an empty
// side names the line before it).
std::string Range(std::size_t start, std::size_t count) {
  const std::size_t first = count == 0 ? start : start + 1;
  return std::to_string(first) + "," + std::to_string(count);
}

}  // namespace

std::string UnifiedDiff(std::string_view old_text, std::string_view new_text,
                        std::string_view old_label, std::string_view new_label,
                        std::size_t context) {
  if (old_text == new_text) return {};
  const std::vector<std::string_view> a = SplitLines(old_text);
  const std::vector<std::string_view> b = SplitLines(new_text);
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < head; ++i) edits.push_back({Op::kKeep, i, i});
  MiddleEdits(a, b, head, a.size() - tail, head, b.size() - tail, &edits);
  for (std::size_t k = tail; k > 0; --k) {
    edits.push_back({Op::kKeep, a.size() - k, b.size() - k});
  }
  if (std::none_of(edits.begin(), edits.end(),
                   [](const Edit& e) { return e.op != Op::kKeep; })) {
    return {};  // differ only in a final newline
  }

  std::string out = std::string("--- ").append(old_label) + "\n";
  out.append("+++ ").append(new_label).append("\n");
  // Group changes closer than 2 * context lines into one hunk.
  std::size_t k = 0;
  while (k < edits.size()) {
    while (k < edits.size() && edits[k].op == Op::kKeep) ++k;
    if (k == edits.size()) break;
    std::size_t begin = k >= context ? k - context : 0;
    std::size_t end = k;  // one past the last change of the hunk
    std::size_t keeps = 0;
    for (std::size_t x = k; x < edits.size(); ++x) {
      if (edits[x].op == Op::kKeep) {
        if (++keeps > 2 * context) break;
      } else {
        keeps = 0;
        end = x + 1;
      }
    }
    const std::size_t stop = std::min(edits.size(), end + context);
    std::size_t a_start = 0;
    std::size_t b_start = 0;
    // Where the hunk starts on each side: lines before `begin`.
    for (std::size_t x = 0; x < begin; ++x) {
      if (edits[x].op != Op::kAdd) ++a_start;
      if (edits[x].op != Op::kRemove) ++b_start;
    }
    std::size_t a_count = 0;
    std::size_t b_count = 0;
    std::string body;
    for (std::size_t x = begin; x < stop; ++x) {
      const Edit& e = edits[x];
      switch (e.op) {
        case Op::kKeep:
          body.append(" ").append(a[e.a]).append("\n");
          ++a_count;
          ++b_count;
          break;
        case Op::kRemove:
          body.append("-").append(a[e.a]).append("\n");
          ++a_count;
          break;
        case Op::kAdd:
          body.append("+").append(b[e.b]).append("\n");
          ++b_count;
          break;
      }
    }
    out.append("@@ -").append(Range(a_start, a_count)).append(" +");
    out.append(Range(b_start, b_count)).append(" @@\n").append(body);
    k = stop;
  }
  return out;
}

}  // namespace newscrawl
