#include "extractor/html_document.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <cstring>
#include <utility>

#include "config/ascii.h"
#include "extractor/charset_decoder.h"
#include "extractor/gumbo_arena.h"
#include "extractor/raw_text_end.h"
#include "extractor/unicode_text.h"

namespace newscrawl {
namespace {


bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

bool IsVoid(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_AREA: case GUMBO_TAG_BASE: case GUMBO_TAG_BR:
    case GUMBO_TAG_COL: case GUMBO_TAG_EMBED: case GUMBO_TAG_HR:
    case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT: case GUMBO_TAG_LINK:
    case GUMBO_TAG_META: case GUMBO_TAG_PARAM: case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK: case GUMBO_TAG_WBR: case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_BASEFONT: case GUMBO_TAG_BGSOUND: case GUMBO_TAG_FRAME:
    case GUMBO_TAG_IMAGE:
      return true;
    default:
      return false;
  }
}

bool IsRawText(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_TITLE: case GUMBO_TAG_XMP: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_PLAINTEXT:
      return true;
    default:
      return false;
  }
}

// An open element in LimitNesting's stacks.
struct OpenTag {
  GumboTag tag;
  std::string_view name;  // compared only for unknown tags
  bool Is(const OpenTag& other) const {
    return tag == other.tag &&
           (tag != GUMBO_TAG_UNKNOWN || EqualsNoCase(name, other.name));
  }
};

// True if the start of `t` implies the end of an open `open` element.
bool ClosesSibling(GumboTag t, GumboTag open) {
  switch (t) {
    case GUMBO_TAG_LI: return open == GUMBO_TAG_LI;
    case GUMBO_TAG_DT: case GUMBO_TAG_DD:
      return open == GUMBO_TAG_DT || open == GUMBO_TAG_DD;
    case GUMBO_TAG_TD: case GUMBO_TAG_TH:
      return open == GUMBO_TAG_TD || open == GUMBO_TAG_TH;
    case GUMBO_TAG_TR: return open == GUMBO_TAG_TR;
    case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP:
      return open == GUMBO_TAG_OPTION;
    case GUMBO_TAG_P: return open == GUMBO_TAG_P;
    default: return false;
  }
}

bool ClosesParagraph(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_HR:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV: case GUMBO_TAG_OL:
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

// The end of a comment whose text starts at `from` (after "<!--"), as the
// tokenizer finds it: "<!-->" and "<!--->" are empty comments, and "--!>"
// ends one as "-->" does.
std::size_t CommentEnd(std::string_view html, std::size_t from) {
  if (html.compare(from, 1, ">") == 0) return from + 1;
  if (html.compare(from, 2, "->") == 0) return from + 2;
  for (std::size_t k = from;;) {
    const std::size_t dashes = html.find("--", k);
    if (dashes == std::string_view::npos) return html.size();
    if (html.compare(dashes + 2, 1, ">") == 0) return dashes + 3;
    if (html.compare(dashes + 2, 2, "!>") == 0) return dashes + 4;
    k = dashes + 1;
  }
}

// The offset of the '>' that ends a tag whose attributes start at `j`
// (n if none), with the tokenizer's attribute states: only a value may be
// quoted, so a quote elsewhere (title=it's) is a plain character.
// *self_closing is set for a '/' right before the '>' outside a value.
std::size_t StartTagEnd(std::string_view html, std::size_t j,
                        bool* self_closing) {
  const std::size_t n = html.size();
  bool in_name = false;  // inside or right after an attribute name
  bool slash = false;
  while (j < n && html[j] != '>') {
    const char c = html[j];
    slash = c == '/';
    if (c == '/' || (IsHtmlSpace(c) && !in_name)) {
      in_name = false;
      ++j;
    } else if (IsHtmlSpace(c)) {
      ++j;  // after the name: '=' may still come
    } else if (c == '=' && in_name) {
      ++j;
      while (j < n && IsHtmlSpace(html[j])) ++j;
      if (j < n && (html[j] == '"' || html[j] == '\'')) {
        const std::size_t end = html.find(html[j], j + 1);
        j = end == std::string_view::npos ? n : end + 1;
      } else {
        while (j < n && !IsHtmlSpace(html[j]) && html[j] != '>') ++j;
      }
      in_name = false;
    } else {
      in_name = true;  // a name, or a new one after "name " ('=' too)
      ++j;
    }
  }
  *self_closing = j < n && slash;
  return j;
}

// True if the raw text of the script or style element whose start tag is
// `start_tag` can be emptied before the parse without changing anything the
// extractor reads: all but JSON-LD (metadata reads it).
bool EmptiableText(GumboTag tag, std::string_view start_tag) {
  if (tag != GUMBO_TAG_SCRIPT && tag != GUMBO_TAG_STYLE) return false;
  constexpr std::string_view kJsonLd = "ld+json";
  for (std::size_t k = 0; k + kJsonLd.size() <= start_tag.size(); ++k) {
    if (EqualsNoCase(start_tag.substr(k, kJsonLd.size()), kJsonLd)) {
      return false;
    }
  }
  return true;
}

// Copies `html` to *out without the start tags (and their end tags) that
// would be nested deeper than `max_depth`, counting open elements roughly as
// a browser would (void elements, implied end tags, raw text), and, if
// `empty_scripts`, without the text of script and style elements
// (EmptiableText: on news pages that is half the bytes, and Gumbo goes
// through it character by character to build text nodes nothing reads).
// Returns the number of start tags dropped and sets *changed; *out is only
// written when *changed.
std::size_t LimitNesting(std::string_view html, std::size_t max_depth,
                         bool empty_scripts, std::string* out,
                         bool* changed) {
  std::vector<OpenTag> open;     // kept open elements
  std::vector<OpenTag> dropped;  // dropped open elements
  std::size_t foreign = 0;       // open <svg>/<math> elements
  // The script text drop must never change what Gumbo builds, so it only
  // happens where this scan provably reads the page as Gumbo's tokenizer
  // does.  Outside foreign content (svg, math) and select it does: every
  // raw-text element there is raw text to the tokenizer too.  Inside, or
  // where it might be inside, it does not, so the counts below are of
  // start tags less their own end tags, never of implied ends, and so never
  // below the tree builder's; there the scan stays `trusted` only while
  // what it skips holds no '<' (no CDATA section, no markup in a raw-text
  // element), and never after a <frameset>.
  std::size_t svgs = 0, maths = 0, selects = 0;
  bool trusted = empty_scripts;
  const auto in_context = [&] { return svgs + maths + selects > 0; };
  std::size_t dropped_count = 0;
  std::size_t copied_until = 0;
  bool copying = false;
  auto drop_range = [&](std::size_t begin, std::size_t end) {
    if (!copying) {
      out->clear();
      out->reserve(html.size());
      copying = true;
    }
    out->append(html.substr(copied_until, begin - copied_until));
    copied_until = end;
  };
  auto pop_to = [&](std::size_t size) {
    for (std::size_t k = size; k < open.size(); ++k) {
      if (open[k].tag == GUMBO_TAG_SVG || open[k].tag == GUMBO_TAG_MATH) --foreign;
    }
    open.resize(size);
  };
  const std::size_t n = html.size();
  std::size_t i = 0;
  while (i < n) {
    const void* found = std::memchr(html.data() + i, '<', n - i);
    if (found == nullptr) break;
    const std::size_t lt =
        static_cast<std::size_t>(static_cast<const char*>(found) - html.data());
    i = lt + 1;
    if (i >= n) break;
    if (html.compare(lt, 4, "<!--") == 0) {
      i = CommentEnd(html, lt + 4);
      continue;
    }
    const bool end_tag = html[i] == '/';
    if (html[i] == '!' || html[i] == '?') {
      if (in_context() && html.compare(lt, 9, "<![CDATA[") == 0) {
        trusted = false;  // a CDATA section in foreign content ends at "]]>"
      }
      const std::size_t end = html.find('>', i);
      i = end == std::string_view::npos ? n : end + 1;
      continue;
    }
    std::size_t name_start = end_tag ? i + 1 : i;
    if (name_start >= n) continue;
    if (!IsAsciiAlpha(html[name_start])) {
      if (end_tag) {  // "</>" is dropped, "</" + other a bogus comment
        const std::size_t end = html.find('>', name_start);
        i = end == std::string_view::npos ? n : end + 1;
      }
      continue;
    }
    std::size_t j = name_start;
    while (j < n && !IsHtmlSpace(html[j]) && html[j] != '/' && html[j] != '>') ++j;
    const std::string_view name = html.substr(name_start, j - name_start);
    const OpenTag tag{
        gumbo_tagn_enum(name.data(), static_cast<unsigned int>(name.size())),
        name};
    bool self_closing = false;
    j = StartTagEnd(html, j, &self_closing);
    const std::size_t tag_end = j < n ? j + 1 : n;
    i = tag_end;
    if (end_tag) {
      // Only "</select>" ends a select for sure ("</div>" does not), and
      // only "</svg>" an svg.
      if (tag.tag == GUMBO_TAG_SELECT && selects > 0) --selects;
      if (tag.tag == GUMBO_TAG_SVG && svgs > 0) --svgs;
      if (tag.tag == GUMBO_TAG_MATH && maths > 0) --maths;
      if (!dropped.empty() && dropped.back().Is(tag)) {
        dropped.pop_back();
        drop_range(lt, tag_end);
        continue;
      }
      // Pop to the nearest open element of that name (bounded search).
      const std::size_t limit = open.size() > 64 ? open.size() - 64 : 0;
      for (std::size_t k = open.size(); k > limit; --k) {
        if (open[k - 1].Is(tag)) {
          pop_to(k - 1);
          break;
        }
      }
      continue;
    }
    if (IsVoid(tag.tag)) continue;
    if (tag.tag == GUMBO_TAG_PLAINTEXT) break;  // the rest is text
    if (tag.tag == GUMBO_TAG_FRAMESET) trusted = false;  // ignores tags
    if (tag.tag == GUMBO_TAG_SELECT) ++selects;
    if (tag.tag == GUMBO_TAG_SVG && !self_closing) ++svgs;
    if (tag.tag == GUMBO_TAG_MATH && !self_closing) ++maths;
    if (IsRawText(tag.tag)) {
      // Skip to the matching end tag; the element never nests.
      const std::size_t close = tag.tag == GUMBO_TAG_SCRIPT
                                    ? FindScriptEnd(html, i)
                                    : FindRawTextEnd(html, i, name);
      const std::string_view text =
          html.substr(i, close == std::string_view::npos ? n - i : close - i);
      if (!in_context()) {
        if (trusted && close != std::string_view::npos && !text.empty() &&
            EmptiableText(tag.tag, html.substr(lt, tag_end - lt))) {
          drop_range(i, close);
        }
      } else if (text.find('<') != std::string_view::npos) {
        trusted = false;  // maybe markup to the tree builder
      }
      i = close == std::string_view::npos ? n : close;
      continue;
    }
    if (!open.empty() && ClosesParagraph(tag.tag) &&
        open.back().tag == GUMBO_TAG_P) {
      pop_to(open.size() - 1);
    }
    {
      const std::size_t limit = open.size() > 8 ? open.size() - 8 : 0;
      for (std::size_t k = open.size(); k > limit; --k) {
        if (ClosesSibling(tag.tag, open[k - 1].tag)) {
          pop_to(k - 1);
          break;
        }
      }
    }
    if (self_closing && (foreign > 0 || tag.tag == GUMBO_TAG_SVG ||
                         tag.tag == GUMBO_TAG_MATH)) {
      continue;  // foreign content honours "/>"
    }
    if (open.size() >= max_depth) {
      ++dropped_count;
      if (!dropped.empty() && ClosesSibling(tag.tag, dropped.back().tag)) {
        dropped.pop_back();
      }
      dropped.push_back(tag);
      drop_range(lt, tag_end);
      continue;
    }
    if (tag.tag == GUMBO_TAG_SVG || tag.tag == GUMBO_TAG_MATH) ++foreign;
    open.push_back(tag);
  }
  if (copying) out->append(html.substr(copied_until));
  *changed = copying;
  return dropped_count;
}

// LimitNesting for a whole page.  Without script text to empty, skipped
// when the page has fewer tags than the depth limit (it cannot exceed it
// then).
std::size_t LimitPageNesting(std::string_view html, int max_depth_limit,
                             bool empty_scripts, std::string* out,
                             bool* changed) {
  *changed = false;
  const std::size_t max_depth =
      max_depth_limit > 0 ? static_cast<std::size_t>(max_depth_limit) : 1;
  if (!empty_scripts) {
    std::size_t tags = 0;
    for (char c : html) tags += c == '<' ? 1 : 0;
    if (tags <= max_depth) return 0;
  }
  return LimitNesting(html, max_depth, empty_scripts, out, changed);
}

bool IsInline(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_ABBR: case GUMBO_TAG_B:
    case GUMBO_TAG_BDI: case GUMBO_TAG_BDO: case GUMBO_TAG_BIG:
    case GUMBO_TAG_CITE: case GUMBO_TAG_CODE: case GUMBO_TAG_DATA:
    case GUMBO_TAG_DFN: case GUMBO_TAG_EM: case GUMBO_TAG_FONT:
    case GUMBO_TAG_I: case GUMBO_TAG_KBD: case GUMBO_TAG_LABEL:
    case GUMBO_TAG_MARK: case GUMBO_TAG_Q: case GUMBO_TAG_S:
    case GUMBO_TAG_SAMP: case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN:
    case GUMBO_TAG_STRIKE: case GUMBO_TAG_STRONG: case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP: case GUMBO_TAG_TIME: case GUMBO_TAG_TT:
    case GUMBO_TAG_U: case GUMBO_TAG_VAR: case GUMBO_TAG_WBR:
    case GUMBO_TAG_NOBR:
      return true;
    default:
      return false;
  }
}

bool IsSkippedForText(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE ||
         tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TEMPLATE ||
         tag == GUMBO_TAG_HEAD || tag == GUMBO_TAG_IFRAME ||
         tag == GUMBO_TAG_SVG || tag == GUMBO_TAG_MATH ||
         tag == GUMBO_TAG_SELECT;
}

}  // namespace

Result<HtmlDocument> HtmlDocument::Parse(std::string bytes,
                                         std::string_view content_type,
                                         const Limits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return Status::TooLarge("page of " + std::to_string(bytes.size()) +
                            " bytes exceeds the limit of " +
                            std::to_string(limits.max_bytes));
  }
  DecodedText decoded = DecodeToUtf8(bytes, content_type);
  bytes.clear();
  bytes.shrink_to_fit();
  if (decoded.utf8.size() > limits.max_bytes) {
    return Status::TooLarge("page decoded from " + decoded.charset + " to " +
                            std::to_string(decoded.utf8.size()) +
                            " bytes of UTF-8 exceeds the limit of " +
                            std::to_string(limits.max_bytes));
  }
  HtmlDocument doc;
  std::string limited;
  bool changed = false;
  doc.dropped_deep_tags_ = LimitPageNesting(
      decoded.utf8, limits.max_depth, limits.empty_scripts, &limited, &changed);
  if (changed) decoded.utf8 = std::move(limited);
  doc.text_ = std::make_unique<std::string>(std::move(decoded.utf8));
  doc.charset_ = std::move(decoded.charset);
  doc.charset_source_ = std::move(decoded.source);
  doc.repaired_ = decoded.repaired;
  doc.arena_ = std::make_unique<GumboArena>();
  GumboOptions options = doc.arena_->Options(kGumboDefaultOptions);
  options.max_errors = limits.max_parse_errors;
  doc.output_ = gumbo_parse_with_options(&options, doc.text_->data(),
                                         doc.text_->size());
  if (doc.output_ == nullptr || doc.output_->root == nullptr) {
    return Status::Internal("gumbo returned no tree");
  }
  return doc;
}

std::size_t CountTooDeepTags(std::string_view html, int max_depth) {
  std::string scratch;
  bool changed = false;
  return LimitPageNesting(html, max_depth, false, &scratch, &changed);
}

HtmlDocument::HtmlDocument(HtmlDocument&& other) noexcept
    : text_(std::move(other.text_)),
      arena_(std::move(other.arena_)),
      output_(std::exchange(other.output_, nullptr)),
      charset_(std::move(other.charset_)),
      charset_source_(std::move(other.charset_source_)),
      repaired_(other.repaired_),
      dropped_deep_tags_(other.dropped_deep_tags_) {}

HtmlDocument& HtmlDocument::operator=(HtmlDocument&& other) noexcept {
  if (this != &other) {
    // The old tree goes with its arena (no walk over its nodes).
    output_ = std::exchange(other.output_, nullptr);
    arena_ = std::move(other.arena_);
    text_ = std::move(other.text_);
    charset_ = std::move(other.charset_);
    charset_source_ = std::move(other.charset_source_);
    repaired_ = other.repaired_;
    dropped_deep_tags_ = other.dropped_deep_tags_;
  }
  return *this;
}

// The tree goes with arena_: gumbo_destroy_output would only walk it.
HtmlDocument::~HtmlDocument() = default;

// --- Tree helpers ------------------------------------------------------------

const GumboVector* ElementChildren(const GumboNode* node) {
  if (node == nullptr) return nullptr;
  switch (node->type) {
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
      return &node->v.element.children;
    case GUMBO_NODE_DOCUMENT:
      return &node->v.document.children;
    default:
      return nullptr;
  }
}

std::string FastNfc(std::string utf8) {
  bool ascii = true;
  for (char c : utf8) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return utf8;
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) return utf8;
  const icu::StringPiece piece(utf8.data(),
                               static_cast<int32_t>(utf8.size()));
  if (IsValidUtf8(utf8) && nfc->isNormalizedUTF8(piece, error) &&
      U_SUCCESS(error)) {
    return utf8;
  }
  return ToNfc(utf8);
}

std::string NodeText(const GumboNode* node) {
  if (node == nullptr) return "";
  std::string raw;
  struct Frame {
    const GumboNode* node;
    unsigned int next;
  };
  std::vector<Frame> stack;
  auto enter = [&](const GumboNode* n) {
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        raw.append(n->v.text.text);
        return;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        const GumboTag tag = n->v.element.tag;
        if (IsSkippedForText(tag) && n != node) return;
        if (tag == GUMBO_TAG_BR) {
          raw.push_back('\n');
          return;
        }
        if (!IsInline(tag)) raw.push_back('\n');
        stack.push_back({n, 0});
        return;
      }
      case GUMBO_NODE_DOCUMENT:
        stack.push_back({n, 0});
        return;
      default:
        return;
    }
  };
  enter(node);
  while (!stack.empty()) {
    Frame& frame = stack.back();
    const GumboVector* children = ElementChildren(frame.node);
    if (frame.next >= children->length) {
      if (frame.node->type != GUMBO_NODE_DOCUMENT &&
          !IsInline(frame.node->v.element.tag)) {
        raw.push_back('\n');
      }
      stack.pop_back();
      continue;
    }
    const auto* child =
        static_cast<const GumboNode*>(children->data[frame.next++]);
    enter(child);
  }
  return FastNfc(FoldWhitespace(raw));
}

std::string_view Attribute(const GumboNode* node, std::string_view name) {
  if (node == nullptr || (node->type != GUMBO_NODE_ELEMENT &&
                          node->type != GUMBO_NODE_TEMPLATE)) {
    return {};
  }
  const GumboVector& attrs = node->v.element.attributes;
  for (unsigned int i = 0; i < attrs.length; ++i) {
    const auto* attr = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (name == attr->name) return attr->value;
  }
  return {};
}

bool HasAttribute(const GumboNode* node, std::string_view name) {
  if (node == nullptr || (node->type != GUMBO_NODE_ELEMENT &&
                          node->type != GUMBO_NODE_TEMPLATE)) {
    return false;
  }
  const GumboVector& attrs = node->v.element.attributes;
  for (unsigned int i = 0; i < attrs.length; ++i) {
    const auto* attr = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (name == attr->name) return true;
  }
  return false;
}

std::string TagName(const GumboNode* node) {
  if (node == nullptr || (node->type != GUMBO_NODE_ELEMENT &&
                          node->type != GUMBO_NODE_TEMPLATE)) {
    return "";
  }
  const GumboElement& element = node->v.element;
  if (element.tag != GUMBO_TAG_UNKNOWN) {
    return gumbo_normalized_tagname(element.tag);
  }
  GumboStringPiece piece = element.original_tag;
  if (piece.data == nullptr || piece.length == 0) return "";
  gumbo_tag_from_original_text(&piece);
  std::string name(piece.data, piece.length);
  for (char& c : name) c = AsciiLower(c);
  return name;
}

bool IsElement(const GumboNode* node, GumboTag tag) {
  return node != nullptr &&
         (node->type == GUMBO_NODE_ELEMENT ||
          node->type == GUMBO_NODE_TEMPLATE) &&
         node->v.element.tag == tag;
}

const GumboNode* ParentElement(const GumboNode* node) {
  if (node == nullptr) return nullptr;
  const GumboNode* parent = node->parent;
  if (parent == nullptr || (parent->type != GUMBO_NODE_ELEMENT &&
                            parent->type != GUMBO_NODE_TEMPLATE)) {
    return nullptr;
  }
  return parent;
}

const GumboNode* FindFirstElement(const GumboNode* root, GumboTag tag) {
  const GumboNode* found = nullptr;
  ForEachElement(root, [&](const GumboNode* node) {
    if (found != nullptr) return false;
    if (IsElement(node, tag)) {
      found = node;
      return false;
    }
    return true;
  });
  return found;
}

}  // namespace newscrawl
