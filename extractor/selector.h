// Selector: a compiled CSS selector (a subset) matched against Gumbo trees.
//
// Supported: type selectors (`div`, `*`), `.class` (matched on the
// whitespace-separated tokens of the class attribute), `#id`, attribute
// selectors `[attr]`, `[attr=v]`, `[attr~=v]`, `[attr*=v]`, `[attr^=v]`,
// `[attr$=v]` (values quoted or bare), compounds (`div.a.b#c[x]`), the
// descendant (space) and child (`>`) combinators, and selector lists
// (`h1.title, h1`).  Pseudo-classes and the sibling combinators are
// rejected with an error.
//
//   Result<Selector> s = Selector::Parse("div.singular-content > p");
//   if (!s.ok()) return s.status();
//   for (const GumboNode* p : s->SelectAll(doc.root())) ...
//
// Matching is iterative (no recursion on the tree).  A Selector is immutable
// and safe to share between threads.
#ifndef NEWSCRAWL_EXTRACTOR_SELECTOR_H_
#define NEWSCRAWL_EXTRACTOR_SELECTOR_H_

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

#include "config/result.h"

namespace newscrawl {

class Selector {
 public:
  // Compiles `text`.  Errors are InvalidArgument naming the column
  // (1-based) and what was expected there, e.g.
  //   selector "div..a": column 5: expected a class name after '.'
  static Result<Selector> Parse(std::string_view text);

  // Elements at or under `root` that match, in document order.
  std::vector<const GumboNode*> SelectAll(const GumboNode* root) const;

  // The first matching element at or under `root`, or nullptr.
  const GumboNode* SelectFirst(const GumboNode* root) const;

  // True if `node` (an element) matches one selector of the list.
  bool Matches(const GumboNode* node) const;

  // The text it was compiled from.
  const std::string& text() const { return text_; }

  // Implementation types (public so that selector.cc can build them).
  enum class AttrOp { kExists, kEquals, kWord, kContains, kPrefix, kSuffix };
  struct AttrTest {
    std::string name;  // lower case
    AttrOp op = AttrOp::kExists;
    std::string value;
  };
  struct Compound {
    std::string tag;  // lower case; "" matches any element
    GumboTag tag_id = GUMBO_TAG_UNKNOWN;
    std::vector<std::string> ids;
    std::vector<std::string> classes;
    std::vector<AttrTest> attrs;
    bool child_of_previous = false;  // '>' between this and the previous
  };
  using Complex = std::vector<Compound>;  // left to right

 private:
  Selector() = default;
  bool MatchesComplex(const Complex& complex, const GumboNode* node) const;

  std::string text_;
  std::vector<Complex> list_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_SELECTOR_H_
