#include "extractor/selector.h"

#include <set>
#include <utility>

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

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
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
      c->tag = Lower(std::move(tag));
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
    test.name = Lower(std::move(test.name));
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
  // Right-to-left with explicit backtracking over (compound, node) states.
  // With two or more descendant combinators a state can be reached twice;
  // failed states are remembered so the work stays linear in the depth.
  int descendant = 0;
  for (std::size_t i = 1; i < complex.size(); ++i) {
    if (!complex[i].child_of_previous) ++descendant;
  }
  std::set<std::pair<std::size_t, const GumboNode*>> seen;
  std::vector<std::pair<std::size_t, const GumboNode*>> stack;
  std::vector<const GumboNode*> ancestors;
  stack.emplace_back(complex.size() - 1, node);
  while (!stack.empty()) {
    const auto [index, current] = stack.back();
    stack.pop_back();
    if (descendant >= 2 && !seen.emplace(index, current).second) continue;
    if (!MatchesCompound(complex[index], current)) continue;
    if (index == 0) return true;
    if (complex[index].child_of_previous) {
      const GumboNode* parent = ParentElement(current);
      if (parent != nullptr) stack.emplace_back(index - 1, parent);
      continue;
    }
    // Nearest ancestor is tried first: push the farthest first.
    ancestors.clear();
    for (const GumboNode* a = ParentElement(current); a != nullptr;
         a = ParentElement(a)) {
      ancestors.push_back(a);
    }
    for (auto it = ancestors.rbegin(); it != ancestors.rend(); ++it) {
      stack.emplace_back(index - 1, *it);
    }
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
