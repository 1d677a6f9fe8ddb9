#include "extractor/page_blocks.h"

#include <algorithm>

namespace newscrawl {
namespace {

bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_P: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_LI: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_BODY:
      return true;
    default:
      return false;
  }
}

bool IsSkippedTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA:
      return true;
    default:
      return false;
  }
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Digit runs become one '*'; the token is cut at 40 bytes.
std::string Denoise(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c >= '0' && c <= '9') {
      if (out.empty() || out.back() != '*') out += '*';
    } else if (c == '>' || c == '.' || c == '#') {
      out += '_';  // the signature's own separators
    } else {
      out += c;
    }
    if (out.size() >= 40) break;
  }
  return out;
}

std::string_view TagName(const GumboElement& e) {
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  return "x";  // unknown tags share one step name; their case varies
}

bool SafeToken(std::string_view token) {
  if (token.empty()) return false;
  for (char c : token) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*';
    if (!ok) return false;
  }
  return true;
}

// Appends whitespace-folded `text` to `out` (capped) and returns the number
// of code points it adds (uncapped).
std::size_t AppendFolded(std::string_view text, std::string* out) {
  std::size_t chars = 0;
  bool pending_space = false;
  auto room = [out] { return out->size() < PageBlocks::kMaxOwnText; };
  for (char c : text) {
    if (IsSpace(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out->empty() && out->back() != ' ' && room()) {
      out->push_back(' ');
    }
    pending_space = false;
    if (room()) out->push_back(c);
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;
  }
  if (pending_space && !out->empty() && out->back() != ' ' && room()) {
    out->push_back(' ');
  }
  return chars;
}

}  // namespace

std::string SignatureStep(const GumboElement& element) {
  std::string step(TagName(element));
  if (const GumboAttribute* id = gumbo_get_attribute(&element.attributes, "id")) {
    const std::string token = Denoise(id->value);
    if (!token.empty() && token != "*") step += "#" + token;
  }
  if (const GumboAttribute* cls =
          gumbo_get_attribute(&element.attributes, "class")) {
    std::vector<std::string> tokens;
    std::string_view v = cls->value;
    std::size_t i = 0;
    while (i < v.size() && tokens.size() < 16) {
      while (i < v.size() && IsSpace(v[i])) ++i;
      std::size_t j = i;
      while (j < v.size() && !IsSpace(v[j])) ++j;
      if (j > i) {
        std::string token = Denoise(v.substr(i, j - i));
        if (token != "*") tokens.push_back(std::move(token));
      }
      i = j;
    }
    std::sort(tokens.begin(), tokens.end());
    tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
    if (tokens.size() > 4) tokens.resize(4);
    for (const std::string& t : tokens) step += "." + t;
  }
  return step;
}

void PageBlocks::ForgetNodes() {
  for (PageBlock& block : blocks_) block.node = nullptr;
}

PageBlocks PageBlocks::Compute(const GumboNode* root) {
  PageBlocks page;
  struct Frame {
    const GumboNode* node;
    unsigned next_child;
    std::int32_t owner;      // nearest enclosing block
    std::size_t path_len;    // path length before this element's step
    int depth;
    bool in_link;
  };
  std::string path;
  std::vector<Frame> stack;
  if (root == nullptr || root->type != GUMBO_NODE_ELEMENT) return page;

  auto enter = [&](const GumboNode* node, std::int32_t owner, int depth,
                   bool in_link) {
    const GumboElement& e = node->v.element;
    Frame f{node, 0, owner, path.size(), depth, in_link};
    if (depth < kMaxDepth) {
      if (!path.empty()) path += '>';
      path += SignatureStep(e);
      if (IsBlockTag(e.tag)) {
        auto [it, inserted] = page.signature_index_.try_emplace(
            path, static_cast<std::uint32_t>(page.signatures_.size()));
        if (inserted) page.signatures_.push_back(path);
        PageBlock block;
        block.node = node;
        block.signature = it->second;
        block.parent = owner;
        f.owner = static_cast<std::int32_t>(page.blocks_.size());
        page.blocks_.push_back(std::move(block));
      }
    }
    if (e.tag == GUMBO_TAG_A) f.in_link = true;
    stack.push_back(f);
  };

  enter(root, -1, 0, false);
  while (!stack.empty()) {
    Frame& top = stack.back();
    const GumboVector& children = top.node->v.element.children;
    if (top.next_child >= children.length) {
      path.resize(top.path_len);
      stack.pop_back();
      continue;
    }
    const auto* child =
        static_cast<const GumboNode*>(children.data[top.next_child++]);
    const std::int32_t owner = top.owner;
    const bool in_link = top.in_link;
    const int depth = top.depth + 1;
    switch (child->type) {
      case GUMBO_NODE_ELEMENT:
        if (IsSkippedTag(child->v.element.tag)) break;
        if (child->v.element.tag == GUMBO_TAG_BR && owner >= 0) {
          AppendFolded(" ", &page.blocks_[static_cast<std::size_t>(owner)].own_text);
          break;
        }
        enter(child, owner, depth, in_link);  // invalidates `top`
        break;
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        if (owner >= 0) {
          PageBlock& b = page.blocks_[static_cast<std::size_t>(owner)];
          const std::size_t n = AppendFolded(child->v.text.text, &b.own_text);
          b.own_chars += n;
          if (in_link) b.own_link_chars += n;
        }
        break;
      default:
        break;
    }
  }
  for (PageBlock& b : page.blocks_) {
    while (!b.own_text.empty() && b.own_text.back() == ' ') b.own_text.pop_back();
  }
  return page;
}

std::int32_t PageBlocks::FindSignature(std::string_view signature) const {
  auto it = signature_index_.find(std::string(signature));
  return it == signature_index_.end() ? -1
                                      : static_cast<std::int32_t>(it->second);
}

std::string SignatureToSelector(std::string_view signature) {
  std::string out;
  std::size_t i = 0;
  while (i <= signature.size()) {
    std::size_t j = signature.find('>', i);
    if (j == std::string_view::npos) j = signature.size();
    std::string_view step = signature.substr(i, j - i);
    // Split the step into tag, #id and .class tokens.
    std::size_t k = 0;
    while (k < step.size() && step[k] != '#' && step[k] != '.') ++k;
    std::string sel(step.substr(0, k));
    if (sel == "x") sel.assign(1, '*');
    while (k < step.size()) {
      const char kind = step[k];
      std::size_t m = k + 1;
      while (m < step.size() && step[m] != '.' && step[m] != '#') ++m;
      const std::string_view token = step.substr(k + 1, m - k - 1);
      if (SafeToken(token)) {
        const std::size_t star = token.find('*');
        if (star == std::string_view::npos) {
          sel += kind;
          sel += token;
        } else {
          // The longest digit-free piece stands for the token.
          std::string_view piece = token.substr(0, star);
          std::string_view rest = token.substr(star + 1);
          const std::size_t star2 = rest.find('*');
          if (star2 != std::string_view::npos) rest = rest.substr(0, star2);
          if (rest.size() > piece.size()) piece = rest;
          if (!piece.empty()) {
            sel += kind == '#' ? "[id*=" : "[class*=";
            sel += piece;
            sel += ']';
          }
        }
      }
      k = m;
    }
    if (!out.empty()) out += " > ";
    out += sel;
    i = j + 1;
  }
  return out;
}

std::string SignatureSuffix(std::string_view signature, int steps) {
  std::size_t pos = signature.size();
  for (int s = 0; s < steps; ++s) {
    if (pos == 0) return std::string(signature);
    const std::size_t gt = signature.rfind('>', pos - 1);
    if (gt == std::string_view::npos) return std::string(signature);
    pos = gt;
  }
  return std::string(signature.substr(pos + 1));
}

}  // namespace newscrawl
