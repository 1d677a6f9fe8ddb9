#include "extractor/selector.h"

#include <set>
#include <tuple>
#include <utility>

#include "config/ascii.h"
#include "extractor/html_document.h"

namespace newscrawl {
namespace {

constexpr std::size_t kMaxSelectorBytes = 2048;
constexpr std::size_t kMaxCompounds = 32;
constexpr std::size_t kMaxListItems = 64;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool IsIdentChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_' || u >= 0x80;
}

bool IsElementNode(const GumboNode* node) {
  return node != nullptr && (node->type == GUMBO_NODE_ELEMENT ||
                             node->type == GUMBO_NODE_TEMPLATE);
}

// True if `list` (whitespace-separated tokens) contains `token`.
bool HasToken(std::string_view list, std::string_view token) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && IsSpace(list[i])) ++i;
    std::size_t j = i;
    while (j < list.size() && !IsSpace(list[j])) ++j;
    if (j > i && list.substr(i, j - i) == token) return true;
    i = j;
  }
  return false;
}

class SelectorParser {
 public:
  explicit SelectorParser(std::string_view text) : s_(text) {}

  Status Parse(std::vector<Selector::Complex>* list) {
    if (s_.size() > kMaxSelectorBytes) {
      return Status::InvalidArgument(
          "selector of " + std::to_string(s_.size()) +
          " bytes is longer than " + std::to_string(kMaxSelectorBytes));
    }
    SkipSpace();
    if (AtEnd()) return Error("expected a selector");
    while (true) {
      Selector::Complex complex;
      NEWSCRAWL_RETURN_IF_ERROR(ParseComplex(&complex));
      list->push_back(std::move(complex));
      if (list->size() > kMaxListItems) {
        return Error("too many selectors in the list");
      }
      if (AtEnd()) return Status::Ok();
      // ParseComplex stops only at ',' or the end.
      ++pos_;
      SkipSpace();
      if (AtEnd()) return Error("expected a selector after ','");
    }
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[pos_]; }
  void SkipSpace() {
    while (!AtEnd() && IsSpace(s_[pos_])) ++pos_;
  }

  Status Error(std::string_view what) const {
    return Status::InvalidArgument("selector \"" + std::string(s_) +
                                   "\": column " + std::to_string(pos_ + 1) +
                                   ": " + std::string(what));
  }

  // An identifier (with backslash escapes of single characters).
  bool ParseIdent(std::string* out) {
    out->clear();
    while (!AtEnd()) {
      const char c = s_[pos_];
      if (c == '\\' && pos_ + 1 < s_.size()) {
        out->push_back(s_[pos_ + 1]);
        pos_ += 2;
      } else if (IsIdentChar(c)) {
        out->push_back(c);
        ++pos_;
      } else {
        break;
      }
    }
    return !out->empty();
  }

  Status ParseComplex(Selector::Complex* complex) {
    bool child = false;
    while (true) {
      Selector::Compound compound;
      compound.child_of_previous = child;
      NEWSCRAWL_RETURN_IF_ERROR(ParseCompound(&compound));
      complex->push_back(std::move(compound));
      if (complex->size() > kMaxCompounds) {
        return Error("too many compound selectors");
      }
      const std::size_t before = pos_;
      SkipSpace();
      if (AtEnd() || Peek() == ',') return Status::Ok();
      child = false;
      if (Peek() == '>') {
        child = true;
        ++pos_;
        SkipSpace();
        if (AtEnd()) return Error("expected a selector after '>'");
      } else if (Peek() == '+' || Peek() == '~') {
        return Error("sibling combinators ('+', '~') are not supported");
      } else if (before == pos_) {
        return Error("expected a combinator, ',' or the end");
      }
    }
  }

  Status ParseCompound(Selector::Compound* c) {
    bool any = false;
    if (Peek() == '*') {
      ++pos_;
      any = true;
    } else if (IsIdentChar(Peek()) || Peek() == '\\') {
      std::string tag;
      ParseIdent(&tag);
      c->tag = AsciiLower(tag);
      c->tag_id = gumbo_tagn_enum(c->tag.data(),
                                  static_cast<unsigned int>(c->tag.size()));
      any = true;
    }
    while (!AtEnd()) {
      const char ch = Peek();
      if (ch == '.') {
        ++pos_;
        std::string name;
        if (!ParseIdent(&name)) return Error("expected a class name after '.'");
        c->classes.push_back(std::move(name));
      } else if (ch == '#') {
        ++pos_;
        std::string name;
        if (!ParseIdent(&name)) return Error("expected an id after '#'");
        c->ids.push_back(std::move(name));
      } else if (ch == '[') {
        ++pos_;
        NEWSCRAWL_RETURN_IF_ERROR(ParseAttribute(c));
      } else if (ch == ':') {
        return Error("pseudo-classes (':') are not supported");
      } else {
        break;
      }
      any = true;
    }
    if (!any) {
      return Error(
          "expected a tag name, '*', '.class', '#id' or '[attribute]'");
    }
    return Status::Ok();
  }

  Status ParseAttribute(Selector::Compound* c) {
    SkipSpace();
    Selector::AttrTest test;
    if (!ParseIdent(&test.name)) return Error("expected an attribute name");
    test.name = AsciiLower(test.name);
    SkipSpace();
    const char ch = Peek();
    if (ch == ']') {
      ++pos_;
      c->attrs.push_back(std::move(test));
      return Status::Ok();
    }
    if (ch == '=') {
      test.op = Selector::AttrOp::kEquals;
      ++pos_;
    } else if ((ch == '~' || ch == '*' || ch == '^' || ch == '$') &&
               pos_ + 1 < s_.size() && s_[pos_ + 1] == '=') {
      test.op = ch == '~'   ? Selector::AttrOp::kWord
                : ch == '*' ? Selector::AttrOp::kContains
                : ch == '^' ? Selector::AttrOp::kPrefix
                            : Selector::AttrOp::kSuffix;
      pos_ += 2;
    } else {
      return Error("expected ']', '=', '~=', '*=', '^=' or '$='");
    }
    SkipSpace();
    if (Peek() == '"' || Peek() == '\'') {
      const char quote = s_[pos_++];
      while (true) {
        if (AtEnd()) return Error("unterminated quoted value");
        const char v = s_[pos_];
        if (v == quote) {
          ++pos_;
          break;
        }
        if (v == '\\' && pos_ + 1 < s_.size()) {
          test.value.push_back(s_[pos_ + 1]);
          pos_ += 2;
          continue;
        }
        test.value.push_back(v);
        ++pos_;
      }
    } else if (!ParseIdent(&test.value)) {
      return Error("expected an attribute value");
    }
    SkipSpace();
    if (Peek() != ']') return Error("expected ']'");
    ++pos_;
    c->attrs.push_back(std::move(test));
    return Status::Ok();
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

bool MatchesAttr(const GumboNode* node, const Selector::AttrTest& test) {
  if (!HasAttribute(node, test.name)) return false;
  const std::string_view value = Attribute(node, test.name);
  const std::string_view want = test.value;
  switch (test.op) {
    case Selector::AttrOp::kExists:
      return true;
    case Selector::AttrOp::kEquals:
      return value == want;
    case Selector::AttrOp::kWord:
      return !want.empty() && HasToken(value, want);
    case Selector::AttrOp::kContains:
      return !want.empty() && value.find(want) != std::string_view::npos;
    case Selector::AttrOp::kPrefix:
      return !want.empty() && value.substr(0, want.size()) == want;
    case Selector::AttrOp::kSuffix:
      return !want.empty() && value.size() >= want.size() &&
             value.substr(value.size() - want.size()) == want;
  }
  return false;
}

bool MatchesCompound(const Selector::Compound& c, const GumboNode* node) {
  if (!IsElementNode(node)) return false;
  if (!c.tag.empty()) {
    if (c.tag_id != GUMBO_TAG_UNKNOWN) {
      if (node->v.element.tag != c.tag_id) return false;
    } else if (TagName(node) != c.tag) {
      return false;
    }
  }
  if (!c.ids.empty()) {
    const std::string_view id = Attribute(node, "id");
    for (const std::string& want : c.ids) {
      if (id != want) return false;
    }
  }
  if (!c.classes.empty()) {
    const std::string_view classes = Attribute(node, "class");
    for (const std::string& want : c.classes) {
      if (!HasToken(classes, want)) return false;
    }
  }
  for (const Selector::AttrTest& test : c.attrs) {
    if (!MatchesAttr(node, test)) return false;
  }
  return true;
}

}  // namespace

Result<Selector> Selector::Parse(std::string_view text) {
  Selector selector;
  selector.text_ = std::string(text);
  SelectorParser parser(text);
  NEWSCRAWL_RETURN_IF_ERROR(parser.Parse(&selector.list_));
  return selector;
}

bool Selector::MatchesComplex(const Complex& complex,
                              const GumboNode* node) const {
  if (complex.empty()) return false;
  // Right-to-left with explicit backtracking.  A state is (compound index,
  // node, search): with `search` set the compound may match `node` or any
  // of its ancestors (a descendant combinator), otherwise only `node`.
  // States are visited at most once, so the work is linear in the depth
  // times the number of compounds.
  struct State {
    std::size_t index;
    const GumboNode* node;
    bool search;
  };
  std::set<std::tuple<std::size_t, const GumboNode*, bool>> seen;
  const bool need_memo = complex.size() > 2;
  std::vector<State> stack;
  stack.push_back({complex.size() - 1, node, false});
  while (!stack.empty()) {
    const State st = stack.back();
    stack.pop_back();
    if (st.node == nullptr) continue;
    if (need_memo && !seen.emplace(st.index, st.node, st.search).second) {
      continue;
    }
    if (st.search) {
      // Alternative: an ancestor farther up (tried after this node).
      stack.push_back({st.index, ParentElement(st.node), true});
    }
    if (!MatchesCompound(complex[st.index], st.node)) continue;
    if (st.index == 0) return true;
    stack.push_back({st.index - 1, ParentElement(st.node),
                     !complex[st.index].child_of_previous});
  }
  return false;
}

bool Selector::Matches(const GumboNode* node) const {
  if (!IsElementNode(node)) return false;
  for (const Complex& complex : list_) {
    if (MatchesComplex(complex, node)) return true;
  }
  return false;
}

std::vector<const GumboNode*> Selector::SelectAll(const GumboNode* root) const {
  std::vector<const GumboNode*> out;
  ForEachElement(root, [&](const GumboNode* node) {
    if (Matches(node)) out.push_back(node);
    return true;
  });
  return out;
}

const GumboNode* Selector::SelectFirst(const GumboNode* root) const {
  const GumboNode* found = nullptr;
  ForEachElement(root, [&](const GumboNode* node) {
    if (found != nullptr) return false;
    if (Matches(node)) {
      found = node;
      return false;
    }
    return true;
  });
  return found;
}

}  // namespace newscrawl
