#include "extractor/content_extractor.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <utility>

#include "config/ascii.h"
#include "extractor/html_document.h"
#include "extractor/text_patterns.h"
#include "extractor/unicode_text.h"

namespace newscrawl {
namespace {

using Index = std::uint32_t;
constexpr Index kNone = UINT32_MAX;

// One node of the flattened tree, in document (pre-)order.
struct Node {
  const GumboNode* g = nullptr;
  Index parent = kNone;
  Index end = 0;  // one past the last descendant
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  bool is_text = false;
  bool dead = false;         // pruned (this element; descendants not walked)
  std::uint16_t reason = 0;  // index into Walk::reasons, 0: none
  Index first_text = kNone;  // first text node with letters in the subtree
  // Text statistics, counted in code points that are not white space.
  std::uint32_t raw_chars = 0;  // before soft pruning
  std::uint32_t raw_link_chars = 0;
  std::uint32_t chars = 0;
  std::uint32_t link_chars = 0;
  std::uint32_t commas = 0;
  std::uint32_t inline_chars = 0;  // not inside a nested block element
  std::uint32_t inline_commas = 0;
  std::uint32_t links = 0;
  std::uint32_t images = 0;  // <img> elements in the subtree
  bool scored = false;
  double score = 0;
};

bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU: case GUMBO_TAG_NAV: case GUMBO_TAG_OL:
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_UL:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_LEGEND: case GUMBO_TAG_BR:
      return true;
    default:
      return false;
  }
}

bool IsHeadingTag(GumboTag tag) {
  return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6;
}

// Elements that are never article text.
const char* HardDropReason(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_META: case GUMBO_TAG_LINK: case GUMBO_TAG_BASE:
      return "not text";
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_CANVAS: case GUMBO_TAG_MAP:
      return "embedded media";
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_OPTION:
      return "form control";
    case GUMBO_TAG_NAV:
      return "navigation";
    case GUMBO_TAG_ASIDE:
      return "aside";
    case GUMBO_TAG_FOOTER:
      return "footer";
    default:
      return nullptr;
  }
}

bool IsHidden(const GumboNode* node) {
  if (HasAttribute(node, "hidden")) return true;
  std::string style = AsciiLower(Attribute(node, "style"));
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  return style.find("display:none") != std::string::npos ||
         style.find("visibility:hidden") != std::string::npos;
}

// What the class and id of an element say about it.
struct Hints {
  bool positive = false;       // article, content, detail, ...
  const char* strong = nullptr;  // comment, related, ... (drop)
  const char* weak = nullptr;    // footer, menu, ... (drop unless positive)
  const char* caption = nullptr;  // caption, image, photo (drop if short)
  bool lead = false;           // sapo, lead, chapeau, summary, ...
  std::string label;           // "div.detail-content#main"
};

Hints ClassHints(const GumboNode* node) {
  Hints hints;
  const std::string_view cls = Attribute(node, "class");
  const std::string_view id = Attribute(node, "id");
  if (cls.empty() && id.empty()) return hints;
  const std::string text = AsciiLower(std::string(cls) + " " + std::string(id));
  // Tokens split on anything but letters and digits; `compact` drops the
  // separators so "tin-khac", "tin_khac" and "tinkhac" all match.
  std::vector<std::string_view> tokens;
  std::string compact;
  {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
      const bool alnum = i < text.size() &&
                         ((text[i] >= 'a' && text[i] <= 'z') ||
                          (text[i] >= '0' && text[i] <= '9'));
      if (alnum) {
        compact.push_back(text[i]);
        continue;
      }
      if (i > start) tokens.push_back(std::string_view(text).substr(start, i - start));
      start = i + 1;
    }
  }
  auto has_token = [&](std::initializer_list<std::string_view> words)
      -> const char* {
    for (std::string_view token : tokens) {
      for (std::string_view word : words) {
        if (token == word) return word.data();
      }
    }
    return nullptr;
  };
  auto has_part = [&](std::initializer_list<std::string_view> parts)
      -> const char* {
    for (std::string_view part : parts) {
      if (compact.find(part) != std::string::npos) return part.data();
    }
    return nullptr;
  };
  hints.positive =
      has_part({"article", "content", "detail", "body", "entry", "story",
                "noidung", "chitiet", "fck", "maincontent", "baiviet"}) ||
      has_token({"post", "main", "text", "news"});
  hints.strong = has_part(
      {"comment", "related", "tinkhac", "lienquan", "cungchuyenmuc",
       "xemthem", "docthem", "social", "sharing", "breadcrumb", "sidebar",
       "newsletter", "outbrain", "taboola", "disqus", "advert", "sponsor",
       "popup", "cookie", "recommend", "mostread", "mostpopular",
       "pagination", "byline", "authorbox", "authorinfo", "bylinebox",
       "toolbar", "tinnoibat", "tindocnhieu", "tinmoi", "quangcao"});
  // Embedded posts (tweets, Instagram) are quoted text of the article.
  const bool embedded = compact.find("embed") != std::string::npos ||
                        compact.find("tweet") != std::string::npos;
  if (embedded && hints.strong != nullptr &&
      (std::string_view(hints.strong) == "social")) {
    hints.strong = nullptr;
  }
  if (hints.strong == nullptr && !embedded) {
    hints.strong = has_token({"share", "tag", "tags", "keywords", "ad", "ads",
                              "adv", "qc", "print", "rating", "vote",
                              "author", "meta", "login", "promo", "banner",
                              "nav", "navbar", "menu", "footer", "widget",
                              "modal", "dateline", "timestamp", "audio"});
  }
  if (!embedded) hints.weak = has_part({"footer", "banner", "widget", "menu", "masthead",
                         "supplemental", "shoutbox", "skyscraper", "navbar",
                         "pager", "header", "topbar", "bottom"});
  hints.caption = has_part({"caption", "credit", "legend"});
  if (hints.caption == nullptr) {
    hints.caption = has_token({"image", "img", "photo", "thumb", "picture",
                               "figure", "media", "video"});
  }
  hints.lead = has_part({"sapo", "lead", "chapeau", "chappeau", "summary", "excerpt",
                         "standfirst", "intro", "tomtat", "teaser",
                         "description", "desc", "subtitle", "deck"});
  return hints;
}

std::string Label(const GumboNode* node) {
  std::string label = gumbo_normalized_tagname(node->v.element.tag);
  if (label.empty()) label = "element";
  const std::string_view cls = Attribute(node, "class");
  const std::string_view id = Attribute(node, "id");
  if (!cls.empty()) {
    std::string c(cls.substr(0, 60));
    std::replace(c.begin(), c.end(), ' ', '.');
    label.push_back('.');
    label.append(c);
  }
  if (!id.empty()) {
    label.push_back('#');
    label.append(id.substr(0, 40));
  }
  return label;
}

// The first ~`limit` bytes of text under `node` (iterative).
std::string Snippet(const GumboNode* node, std::size_t limit = 100) {
  std::string out;
  std::vector<const GumboNode*> stack = {node};
  while (!stack.empty() && out.size() < limit * 2) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
      out += n->v.text.text;
      out += ' ';
    } else if (n->type == GUMBO_NODE_ELEMENT ||
               n->type == GUMBO_NODE_TEMPLATE) {
      const GumboTag tag = n->v.element.tag;
      if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE) continue;
      const GumboVector& children = n->v.element.children;
      for (unsigned i = children.length; i > 0; --i) {
        stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
      }
    }
  }
  std::string folded = FoldWhitespace(out);
  if (folded.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(folded[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    folded = folded.substr(0, cut) + "...";
  }
  return folded;
}

void CountText(std::string_view text, std::uint32_t* chars,
               std::uint32_t* commas) {
  std::uint32_t n = 0;
  std::uint32_t c = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if ((b & 0xC0) == 0x80) continue;  // continuation byte
    if (b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f') continue;
    if (b == 0xC2 && i + 1 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      continue;  // no-break space
    }
    ++n;
    if (b == ',') ++c;
  }
  *chars = n;
  *commas = c;
}

double InitialScore(GumboTag tag, const Hints& hints) {
  double score = 0;
  switch (tag) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
      score = 5; break;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_SECTION:
      score = 3; break;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL:
    case GUMBO_TAG_DL: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
    case GUMBO_TAG_LI: case GUMBO_TAG_FORM:
      score = -3; break;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
      score = -5; break;
    default:
      break;
  }
  if (hints.positive) score += 25;
  if (hints.strong != nullptr || hints.weak != nullptr) score -= 25;
  return score;
}

bool EndsSentence(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '"' ||
                           text.back() == '\'' || text.back() == ')')) {
    text.remove_suffix(1);
  }
  if (text.empty()) return false;
  const char last = text.back();
  if (last == '.' || last == '!' || last == '?' || last == ':' ||
      last == ';') {
    return true;
  }
  // "…" and closing quotes
  return text.size() >= 3 &&
         (text.substr(text.size() - 3) == "\xE2\x80\xA6" ||
          text.substr(text.size() - 3) == "\xE2\x80\x9D");
}

// A block of text being built during the walk.
struct Block {
  std::string text;
  Index owner = kNone;  // innermost block element when the text started
  std::uint32_t chars = 0;
  std::uint32_t link_chars = 0;
};

struct Kept {
  std::string text;
  bool title_like = false;  // short, no sentence end: may be a list title
};

class Walk {
 public:
  Walk(const ContentOptions& options, const std::vector<std::string>& headings)
      : options_(options), headings_(headings) {
    reasons_.emplace_back();
  }

  ContentResult Run(const GumboNode* root);

 private:
  std::uint16_t AddReason(std::string reason) {
    if (reasons_.size() >= UINT16_MAX) return 1;
    reasons_.push_back(std::move(reason));
    return static_cast<std::uint16_t>(reasons_.size() - 1);
  }
  void Flatten(const GumboNode* root);
  void CountRaw();
  void SoftPrune();
  void CountAndScore();
  std::vector<Index> ChooseContainers(ContentResult* result);
  void Emit(const std::vector<Index>& roots, ContentResult* result);
  void EmitRoot(Index root, ContentResult* result);
  void Flush(Index next, Index root, ContentResult* result);
  bool IsTeaser(Index i) const;
  void Explain(ContentResult* result, const std::string& what,
               const std::string& why, std::string_view text) {
    if (!options_.explain) return;
    std::string snippet(text.substr(0, std::min<std::size_t>(text.size(), 100)));
    while (!snippet.empty() &&
           (static_cast<unsigned char>(snippet.back()) & 0xC0) == 0x80) {
      snippet.pop_back();
    }
    if (!snippet.empty() && (static_cast<unsigned char>(snippet.back()) & 0xC0) == 0xC0) {
      snippet.pop_back();
    }
    result->explain.push_back(what + ": " + why + ": " + snippet);
  }

  const ContentOptions& options_;
  const std::vector<std::string>& headings_;
  std::vector<Node> nodes_;
  std::vector<std::string> reasons_;
  bool accented_ = false;
  bool photo_led_ = false;

  // Emission state.
  Block block_;
  std::vector<Index> open_;  // open elements during Emit
  std::vector<Index> open_blocks_;  // the block elements among them
  int open_links_ = 0;              // open <a> elements
  Index skip_to_ = 0;
  Index lead_root_ = kNone;  // the sibling joined as the lead, if any
  bool truncated_ = false;
  std::vector<Kept> kept_;
};

void Walk::Flatten(const GumboNode* root) {
  std::vector<std::pair<const GumboNode*, Index>> stack = {{root, kNone}};
  while (!stack.empty()) {
    auto [g, parent] = stack.back();
    stack.pop_back();
    if (nodes_.size() >= options_.max_nodes) break;
    Node node;
    node.g = g;
    node.parent = parent;
    if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_CDATA ||
        g->type == GUMBO_NODE_WHITESPACE) {
      node.is_text = true;
      nodes_.push_back(node);
      continue;
    }
    if (g->type != GUMBO_NODE_ELEMENT && g->type != GUMBO_NODE_TEMPLATE) {
      continue;  // comments, the document
    }
    node.tag = g->v.element.tag;
    const char* hard = g->type == GUMBO_NODE_TEMPLATE ? "not text"
                                                      : HardDropReason(node.tag);
    std::string reason;
    if (hard != nullptr) {
      reason = hard;
    } else if (IsHidden(g)) {
      reason = "hidden";
    } else if (options_.drop && options_.drop(g, &reason)) {
      if (reason.empty()) reason = "site rule";
    }
    if (!reason.empty()) {
      node.dead = true;
      node.reason = AddReason(std::move(reason));
    }
    const Index self = static_cast<Index>(nodes_.size());
    nodes_.push_back(node);
    if (node.dead) continue;  // its content is never looked at
    const GumboVector& children = g->v.element.children;
    for (unsigned i = children.length; i > 0; --i) {
      stack.emplace_back(static_cast<const GumboNode*>(children.data[i - 1]),
                         self);
    }
  }
  // Subtree ends: sizes summed bottom-up (children follow their parent).
  std::vector<Index> size(nodes_.size(), 1);
  for (std::size_t i = nodes_.size(); i > 1; --i) {
    const Node& n = nodes_[i - 1];
    if (n.parent != kNone) size[n.parent] += size[i - 1];
  }
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    nodes_[i].end = static_cast<Index>(i) + size[i];
  }
}

void Walk::CountRaw() {
  std::size_t accented = 0;
  for (std::size_t i = nodes_.size(); i > 0; --i) {
    Node& n = nodes_[i - 1];
    if (n.is_text) {
      std::uint32_t commas = 0;
      CountText(n.g->v.text.text, &n.raw_chars, &commas);
      if (n.raw_chars > 0) n.first_text = static_cast<Index>(i - 1);
      if (accented < 50) {
        for (const char* p = n.g->v.text.text; *p != '\0'; ++p) {
          // Vietnamese letters with diacritics: U+1EA0..U+1EF9 (E1 BA/BB).
          if (static_cast<unsigned char>(*p) == 0xE1 &&
              (static_cast<unsigned char>(p[1]) == 0xBA ||
               static_cast<unsigned char>(p[1]) == 0xBB)) {
            ++accented;
          }
        }
      }
    }
    if (n.dead || n.parent == kNone) continue;
    if (!n.is_text && n.tag == GUMBO_TAG_A) n.raw_link_chars = n.raw_chars;
    Node& parent = nodes_[n.parent];
    parent.raw_chars += n.raw_chars;
    parent.raw_link_chars += n.raw_link_chars;
    if (n.first_text != kNone) parent.first_text = n.first_text;
  }
  accented_ = accented >= 10;
}

void Walk::SoftPrune() {
  if (nodes_.empty()) return;
  // Text outside links: an element holding most of it is the article (or
  // holds it) and is never pruned, whatever its class says.
  const std::uint32_t total = nodes_[0].raw_chars - nodes_[0].raw_link_chars;
  // A photo-led page (a photo story, a listicle) has more text in its
  // figure captions than in its paragraphs: there the captions are body.
  std::uint64_t caption_chars = 0;
  std::uint64_t paragraph_chars = 0;
  {
    std::vector<bool> in_caption(nodes_.size(), false);
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      const Node& n = nodes_[i];
      if (n.is_text || n.dead) continue;
      const bool parent_in = n.parent != kNone && in_caption[n.parent];
      in_caption[i] = parent_in || n.tag == GUMBO_TAG_FIGCAPTION;
      if (n.tag == GUMBO_TAG_FIGCAPTION && !parent_in) {
        caption_chars += n.raw_chars;
      } else if (n.tag == GUMBO_TAG_P && !in_caption[i]) {
        paragraph_chars += n.raw_chars;
      }
    }
  }
  photo_led_ = caption_chars > paragraph_chars && caption_chars > 200;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    Node& n = nodes_[i];
    if (n.parent != kNone && nodes_[n.parent].dead) {
      n.dead = true;  // inside a pruned element (no reason of its own)
      continue;
    }
    if (n.is_text || n.dead) continue;
    if (photo_led_ &&
        (n.tag == GUMBO_TAG_FIGURE || n.tag == GUMBO_TAG_FIGCAPTION)) {
      continue;
    }
    if (n.tag == GUMBO_TAG_FIGCAPTION) {
      n.dead = true;
      n.reason = AddReason("figure caption");
      continue;
    }
    if (n.tag == GUMBO_TAG_HTML || n.tag == GUMBO_TAG_BODY ||
        n.tag == GUMBO_TAG_MAIN) {
      continue;
    }
    // An element holding most of the page's text is never pruned.
    if ((n.raw_chars - n.raw_link_chars) * 2 > total) continue;
    std::string reason;
    const Hints hints = ClassHints(n.g);
    if (n.tag == GUMBO_TAG_FORM) {
      reason = "form";
    } else if (n.tag == GUMBO_TAG_FIGURE && n.raw_chars < 500) {
      reason = "figure";
    } else if (hints.strong != nullptr && n.tag != GUMBO_TAG_ARTICLE) {
      reason = std::string("class/id '") + hints.strong + "'";
    } else if (hints.weak != nullptr && !hints.positive &&
               n.tag != GUMBO_TAG_ARTICLE) {
      reason = std::string("class/id '") + hints.weak + "'";
    } else if (hints.caption != nullptr && n.raw_chars < 400) {
      reason = std::string("caption (class/id '") + hints.caption + "')";
    }
    if (!reason.empty()) {
      n.dead = true;
      n.reason = AddReason(std::move(reason));
    }
  }
  // Tables that hold an image and a short text are image captions (old
  // Vietnamese CMS layouts).  Found bottom-up: images counted per element.
  for (std::size_t i = nodes_.size(); i > 0; --i) {
    Node& n = nodes_[i - 1];
    if (n.is_text) continue;
    if (n.tag == GUMBO_TAG_IMG) n.images += 1;
    if (n.parent != kNone) nodes_[n.parent].images += n.images;
  }
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    Node& n = nodes_[i];
    if (n.is_text || n.dead) continue;
    if (n.tag == GUMBO_TAG_TABLE && n.images > 0 && n.raw_chars < 400 &&
        n.raw_chars * 2 <= nodes_[0].raw_chars) {
      n.dead = true;
      n.reason = AddReason("image table (caption)");
      for (Index j = static_cast<Index>(i) + 1; j < n.end; ++j) {
        nodes_[j].dead = true;
      }
    }
  }
}

void Walk::CountAndScore() {
  for (std::size_t i = nodes_.size(); i > 0; --i) {
    Node& n = nodes_[i - 1];
    if (n.dead) continue;
    if (n.is_text) {
      CountText(n.g->v.text.text, &n.chars, &n.commas);
      n.inline_chars = n.chars;
      n.inline_commas = n.commas;
    } else if (n.tag == GUMBO_TAG_A) {
      n.link_chars = n.chars;
      n.links += 1;
    }
    if (n.parent == kNone) continue;
    Node& parent = nodes_[n.parent];
    parent.chars += n.chars;
    parent.link_chars += n.link_chars;
    parent.commas += n.commas;
    parent.links += n.links;
    if (n.is_text || !IsBlockTag(n.tag)) {
      parent.inline_chars += n.inline_chars;
      parent.inline_commas += n.inline_commas;
    }
  }
  // Every block with enough text of its own scores its ancestors.
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    if (n.dead || n.is_text || !IsBlockTag(n.tag) || IsHeadingTag(n.tag)) {
      continue;
    }
    if (n.inline_chars < 25) continue;
    const double content = 1.0 + n.inline_commas +
                           std::min(n.inline_chars / 100.0, 3.0);
    // A block with text directly inside also counts as its own paragraph
    // container (old table layouts put the whole article in one cell).
    Index ancestor = n.tag == GUMBO_TAG_P ? n.parent : static_cast<Index>(i);
    for (int level = 0; level < 5 && ancestor != kNone; ++level) {
      Node& a = nodes_[ancestor];
      if (a.g->type != GUMBO_NODE_ELEMENT) break;
      if (!a.scored) {
        a.scored = true;
        a.score = InitialScore(a.tag, ClassHints(a.g));
      }
      const double divider = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
      a.score += content / divider;
      ancestor = a.parent;
    }
  }
}

double LinkDensity(const Node& n) {
  return n.chars == 0 ? 0.0 : static_cast<double>(n.link_chars) / n.chars;
}

std::vector<Index> Walk::ChooseContainers(ContentResult* result) {
  Index best = kNone;
  double best_score = 0;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    if (!n.scored || n.dead) continue;
    const double score = n.score * (1.0 - LinkDensity(n));
    if (best == kNone || score > best_score) {
      best = static_cast<Index>(i);
      best_score = score;
    }
  }
  if (best == kNone) {
    // No block with text: use <body> (or the root) and let cleaning decide.
    best = 0;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      if (!nodes_[i].is_text && nodes_[i].tag == GUMBO_TAG_BODY) {
        best = static_cast<Index>(i);
        break;
      }
    }
    if (nodes_.empty()) return {};
    result->container = Label(nodes_[best].g) + " (no candidate)";
    return {best};
  }
  // A candidate that holds all of its parent's text stands for the parent.
  while (true) {
    const Node& n = nodes_[best];
    if (n.parent == kNone) break;
    const Node& parent = nodes_[n.parent];
    if (parent.tag == GUMBO_TAG_BODY || parent.tag == GUMBO_TAG_HTML) break;
    if (parent.chars != n.chars) break;
    best = n.parent;
  }
  char score_text[32];
  std::snprintf(score_text, sizeof score_text, "%.1f", best_score);
  result->container = Label(nodes_[best].g);
  if (options_.explain) {
    result->explain.push_back("container: " + result->container + " (score " +
                              score_text + ")");
  }
  // Siblings that are more of the article, or its lead.
  const Node& top = nodes_[best];
  if (top.parent == kNone) return {best};
  const Node& parent = nodes_[top.parent];
  const double threshold = std::max(10.0, best_score * 0.2);
  const std::string_view top_class = Attribute(top.g, "class");
  auto same_class = [&](const Node& sib) {
    return !top_class.empty() && sib.tag == top.tag &&
           Attribute(sib.g, "class") == top_class;
  };
  std::vector<Index> roots;
  bool before = true;
  for (Index s = top.parent + 1; s < parent.end; s = nodes_[s].end) {
    const Node& sib = nodes_[s];
    if (s == best) {
      roots.push_back(s);
      before = false;
      continue;
    }
    if (sib.dead || sib.is_text || sib.chars == 0) continue;
    const double ld = LinkDensity(sib);
    bool join = false;
    const char* why = "";
    if (sib.scored) {
      const double bonus = same_class(sib) ? best_score * 0.2 : 0.0;
      if (sib.score * (1.0 - ld) + bonus >= threshold) {
        join = true;
        why = "scored sibling";
      }
    }
    if (!join && same_class(sib) && sib.chars >= 100 && ld < 0.5) {
      join = true;
      why = "same class as the container";
    }
    if (!join && sib.tag == GUMBO_TAG_P && sib.chars > 80 && ld < 0.25) {
      join = true;
      why = "paragraph sibling";
    }
    if (!join && before && sib.chars >= 30 && ld < 0.3 &&
        !IsHeadingTag(sib.tag) && ClassHints(sib.g).lead) {
      join = true;
      why = "lead";
      lead_root_ = s;
    }
    if (!join && before && (sib.tag == GUMBO_TAG_H2 || ClassHints(sib.g).lead) &&
        sib.chars >= 60 && ld < 0.2) {
      join = true;
      why = "lead heading";
      lead_root_ = s;
    }
    if (join) {
      roots.push_back(s);
      if (options_.explain) {
        result->explain.push_back("joined: " + Label(sib.g) + " (" + why + ")");
      }
    }
  }
  return roots;
}

void Walk::Flush(Index next, Index root, ContentResult* result) {
  Block block = std::move(block_);
  block_ = Block();
  if (block.chars == 0) return;
  std::string text = NormalizeText(block.text);
  if (text.empty()) return;
  if (StripCredit(&text)) {
    if (text.empty()) {
      Explain(result, "block", "photo credit", block.text);
      return;
    }
  }
  const std::string what =
      block.owner == kNone ? "block" : Label(nodes_[block.owner].g);
  const double ld = static_cast<double>(block.link_chars) / block.chars;
  // A clutter heading drops the box it opens, or everything after it.
  if (IsClutterHeading(text, headings_)) {
    Index box = block.owner;
    while (box != kNone && box != root) {
      const Index up = nodes_[box].parent;
      if (up == kNone || up == root) break;
      if (nodes_[up].first_text != nodes_[box].first_text) break;
      box = up;
    }
    const bool own_box = box != kNone && box != root &&
                         nodes_[box].chars > block.chars + 2 && next < nodes_[box].end;
    if (own_box) {
      skip_to_ = std::max(skip_to_, nodes_[box].end);
      Explain(result, Label(nodes_[box].g), "box under clutter heading",
              text);
    } else {
      skip_to_ = UINT32_MAX;
      truncated_ = true;
      Explain(result, what, "clutter heading; the rest is dropped", text);
    }
    return;
  }
  const char* why = nullptr;
  if (ld > 0.5 && block.chars - block.link_chars < 80) {
    why = "link-dominated";
  } else if (IsRelatedLinkLine(text)) {
    why = "related link";
  } else if (IsBoilerplateLine(text)) {
    why = "page furniture";
  } else if (IsCaptionText(text)) {
    why = "caption";
  } else if (IsSlugText(text, accented_)) {
    why = "URL slug";
  } else if (IsDateLine(text)) {
    why = "date line";
    // The title the date belongs to is part of the same list.
    if (!kept_.empty() && kept_.back().title_like) {
      Explain(result, "block", "title of a listed article", kept_.back().text);
      kept_.pop_back();
    }
  } else if (block.owner != kNone && nodes_[block.owner].tag == GUMBO_TAG_H1) {
    why = "title";
  }
  if (why != nullptr) {
    Explain(result, what, why, text);
    return;
  }
  Kept kept;
  kept.title_like = CountCodePoints(text) < 150 && !EndsSentence(text);
  kept.text = std::move(text);
  kept_.push_back(std::move(kept));
}

bool Walk::IsTeaser(Index i) const {
  const Node& n = nodes_[i];
  if (n.chars == 0 || n.chars >= 500 || n.link_chars * 5 < n.chars) {
    return false;
  }
  if (n.first_text == kNone) return false;
  if (n.images == 0) return false;
  // The first text is a link (the teaser's title).
  for (Index a = nodes_[n.first_text].parent; a != kNone && a != i;
       a = nodes_[a].parent) {
    if (nodes_[a].tag == GUMBO_TAG_A) return true;
  }
  return false;
}

void Walk::Emit(const std::vector<Index>& roots, ContentResult* result) {
  for (Index root : roots) {
    if (truncated_) break;
    const std::size_t kept_before = kept_.size();
    EmitRoot(root, result);
    if (root == lead_root_ && kept_.size() > kept_before &&
        result->lead.empty()) {
      result->lead = kept_[kept_before].text;
    }
  }
}

void Walk::EmitRoot(Index root, ContentResult* result) {
  skip_to_ = 0;
  open_.clear();
  open_blocks_.clear();
  open_links_ = 0;
  const Index end = nodes_[root].end;
  if (IsTeaser(root)) {
    Explain(result, Label(nodes_[root].g), "teaser", Snippet(nodes_[root].g));
    return;
  }
  Index i = root;
  while (true) {
    // Close the elements that end here.
    while (!open_.empty() && nodes_[open_.back()].end <= i) {
      const Index closed = open_.back();
      open_.pop_back();
      if (nodes_[closed].tag == GUMBO_TAG_A) --open_links_;
      if (IsBlockTag(nodes_[closed].tag)) {
        open_blocks_.pop_back();
        Flush(i, root, result);
      }
    }
    if (i >= end || truncated_) break;
    if (i < skip_to_) {
      i = std::min(skip_to_, end);
      continue;
    }
    const Node& n = nodes_[i];
    if (n.is_text) {
      if (!n.dead) {
        if (block_.owner == kNone && n.chars > 0) {
          // The innermost *block* element owns the text.
          block_.owner = open_blocks_.empty() ? root : open_blocks_.back();
        }
        block_.text += n.g->v.text.text;
        block_.chars += n.chars;
        if (open_links_ > 0) block_.link_chars += n.chars;
      }
      ++i;
      continue;
    }
    if (n.dead) {
      if (n.reason != 0 && options_.explain) {
        const std::string snippet = Snippet(n.g);
        if (!snippet.empty()) {
          Explain(result, Label(n.g), reasons_[n.reason], snippet);
        }
      }
      i = n.end;
      continue;
    }
    if (IsBlockTag(n.tag)) Flush(i, root, result);
    // Whole elements dominated by links: lists of titles, related boxes.
    if (i != root && IsBlockTag(n.tag) && n.chars > 0 &&
        LinkDensity(n) > 0.5 && n.tag != GUMBO_TAG_P &&
        (n.links >= 2 || n.chars < 200)) {
      Explain(result, Label(n.g), "link-dominated", Snippet(n.g));
      i = n.end;
      continue;
    }
    // An article inside the article, or a teaser (image + title link +
    // summary): a box pointing to another story.
    if (i != root && IsBlockTag(n.tag) && n.tag != GUMBO_TAG_P &&
        ((n.tag == GUMBO_TAG_ARTICLE && n.chars * 3 < nodes_[root].chars) ||
         IsTeaser(i))) {
      Explain(result, Label(n.g),
              n.tag == GUMBO_TAG_ARTICLE ? "embedded article" : "teaser",
              Snippet(n.g));
      i = n.end;
      continue;
    }
    if (n.tag == GUMBO_TAG_BR) {
      ++i;
      continue;
    }
    open_.push_back(i);
    if (n.tag == GUMBO_TAG_A) ++open_links_;
    if (IsBlockTag(n.tag)) open_blocks_.push_back(i);
    ++i;
  }
  open_.clear();
  open_blocks_.clear();
  open_links_ = 0;
  Flush(end, root, result);
}

ContentResult Walk::Run(const GumboNode* root) {
  ContentResult result;
  if (root == nullptr) return result;
  Flatten(root);
  if (nodes_.empty()) return result;
  CountRaw();
  SoftPrune();
  CountAndScore();
  std::vector<Index> roots;
  if (!options_.containers.empty()) {
    // Site-rule containers: find them in the flattened tree.
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      for (const GumboNode* c : options_.containers) {
        if (nodes_[i].g == c) {
          roots.push_back(static_cast<Index>(i));
          nodes_[i].dead = false;
        }
      }
    }
    if (!roots.empty()) {
      result.container = Label(nodes_[roots[0]].g) + " (" +
                          options_.containers_origin + ")";
      if (options_.explain) {
        result.explain.push_back("container: " + result.container);
      }
    }
  }
  if (roots.empty()) roots = ChooseContainers(&result);
  Emit(roots, &result);
  // A byline or source line at the end is metadata, not body.
  for (int k = 0; k < 3 && kept_.size() > 1; ++k) {
    const std::string& last = kept_.back().text;
    std::string value;
    if (result.source.empty() && IsSourceLine(last, &value)) {
      result.source = value;
    } else if (result.author.empty() && IsBylineText(last, &value)) {
      result.author = value;
    } else {
      break;
    }
    Explain(&result, "block", "byline/source at the end", last);
    kept_.pop_back();
  }
  for (Kept& kept : kept_) result.paragraphs.push_back(std::move(kept.text));
  return result;
}

}  // namespace

std::string ContentResult::Body() const {
  std::string body;
  for (const std::string& p : paragraphs) {
    if (!body.empty()) body += "\n\n";
    body += p;
  }
  return body;
}

ContentExtractor::ContentExtractor(ContentOptions options)
    : options_(std::move(options)) {
  for (const std::string& heading : options_.drop_headings) {
    folded_drop_headings_.push_back(FoldForMatch(heading));
  }
}

ContentResult ContentExtractor::Extract(const GumboNode* root) const {
  Walk walk(options_, folded_drop_headings_);
  return walk.Run(root);
}

}  // namespace newscrawl
