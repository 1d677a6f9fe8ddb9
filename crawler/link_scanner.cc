#include "crawler/link_scanner.h"

#include <unicode/utf8.h>

#include <cstdint>
#include <cstring>
#include <deque>
#include <string>

#include "config/ascii.h"
#include "extractor/charset_decoder.h"
#include "extractor/raw_text_end.h"

namespace newscrawl {
namespace {

bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9'); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::uint32_t cp, std::string* out) {
  std::uint8_t bytes[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(bytes, length, cp);
  out->append(reinterpret_cast<const char*>(bytes),
              static_cast<std::size_t>(length));
}

// Code points a numeric character reference stands for unchanged (the
// others are replaced or mapped by the tokenizer: the scan gives up).
bool PlainCodePoint(std::uint32_t cp) {
  if (cp >= 0x10000) return cp <= 0x10FFFF && (cp & 0xFFFE) != 0xFFFE;
  return (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp < 0xD800) ||
         (cp >= 0xE000 && cp < 0xFDD0) || (cp > 0xFDEF && cp <= 0xFFFD);
}

// The value of an attribute with its character references replaced, as
// the HTML tokenizer does in attribute values; false when it holds a
// reference this reader does not know (a named one other than the common
// few, a numeric one for an odd code point): the caller gives up.
bool DecodeAttribute(std::string_view value, std::string* out) {
  out->clear();
  std::size_t i = 0;
  while (i < value.size()) {
    const std::size_t amp = value.find('&', i);
    if (amp == std::string_view::npos) {
      out->append(value.substr(i));
      break;
    }
    out->append(value.substr(i, amp - i));
    std::size_t k = amp + 1;
    if (k < value.size() && value[k] == '#') {
      ++k;
      const bool hex = k < value.size() && (value[k] == 'x' || value[k] == 'X');
      if (hex) ++k;
      const std::size_t digits = k;
      std::uint32_t cp = 0;
      while (k < value.size()) {
        const int d = hex ? HexValue(value[k])
                          : (value[k] >= '0' && value[k] <= '9' ? value[k] - '0'
                                                                 : -1);
        if (d < 0) break;
        cp = cp * (hex ? 16u : 10u) + static_cast<std::uint32_t>(d);
        if (cp > 0x10FFFF) return false;
        ++k;
      }
      if (k == digits || !PlainCodePoint(cp)) return false;
      if (k < value.size() && value[k] == ';') ++k;
      AppendUtf8(cp, out);
      i = k;
      continue;
    }
    if (k >= value.size() || !IsAsciiAlnum(value[k])) {
      out->push_back('&');  // not a reference
      i = k;
      continue;
    }
    while (k < value.size() && IsAsciiAlnum(value[k])) ++k;
    const std::string_view name = value.substr(amp + 1, k - amp - 1);
    if (k < value.size() && value[k] == ';') {
      const char* decoded = nullptr;
      if (name == "amp") decoded = "&";
      else if (name == "quot") decoded = "\"";
      else if (name == "lt") decoded = "<";
      else if (name == "gt") decoded = ">";
      else if (name == "apos") decoded = "'";
      else if (name == "nbsp") decoded = "\xC2\xA0";
      if (decoded == nullptr) return false;
      out->append(decoded);
      i = k + 1;
      continue;
    }
    // "&name" without ';': in an attribute, a legacy reference is left as
    // it is when '=' or an alphanumeric follows it; a name followed by '='
    // is therefore always literal.  Anything else might be a legacy
    // reference ("&copy", "&not"...): give up.
    if (k < value.size() && value[k] == '=') {
      out->append(value.substr(amp, k - amp));
      i = k;
      continue;
    }
    return false;
  }
  return true;
}

// Elements whose content the tokenizer reads as text up to their end tag.
bool IsRawTextElement(std::string_view name) {
  return name == "script" || name == "style" || name == "xmp" ||
         name == "iframe" || name == "noembed" || name == "noframes" ||
         name == "title" || name == "textarea";
}

// Elements around which tree construction moves or drops the tags it
// meets (foster parenting, the "in select" and "in frameset" modes, foreign
// content): a tag-by-tag reading could differ from the tree's.
bool NeedsTree(std::string_view name) {
  return name == "table" || name == "select" || name == "svg" ||
         name == "math" || name == "frameset" || name == "plaintext";
}

std::optional<LinkTag> LinkTagOf(std::string_view name) {
  if (name == "a") return LinkTag::kAnchor;
  if (name == "area") return LinkTag::kArea;
  if (name == "link") return LinkTag::kLink;
  if (name == "base") return LinkTag::kBase;
  if (name == "meta") return LinkTag::kMeta;
  return std::nullopt;
}

// One tag read by Tokenizer::ReadTag.
struct Tag {
  std::string name;  // lower case
  std::vector<std::pair<std::string, std::string_view>> attributes;  // raw
};

enum class ReadResult { kTag, kEof };

// Reads the name and attributes of the tag whose name starts at `pos`;
// leaves `pos` after its '>'.  kEof: the input ended inside the tag (the
// tokenizer drops such a tag).
ReadResult ReadTag(std::string_view html, std::size_t* pos, Tag* tag) {
  const std::size_t n = html.size();
  std::size_t p = *pos;
  tag->name.clear();
  tag->attributes.clear();
  while (p < n && !IsHtmlSpace(html[p]) && html[p] != '/' && html[p] != '>') {
    tag->name.push_back(AsciiLower(html[p]));
    ++p;
  }
  while (true) {
    while (p < n && (IsHtmlSpace(html[p]) || html[p] == '/')) ++p;
    if (p >= n) return ReadResult::kEof;
    if (html[p] == '>') {
      *pos = p + 1;
      return ReadResult::kTag;
    }
    const std::size_t name_start = p++;  // a first '=' is part of the name
    while (p < n && !IsHtmlSpace(html[p]) && html[p] != '/' && html[p] != '>' &&
           html[p] != '=') {
      ++p;
    }
    std::string name = AsciiLower(html.substr(name_start, p - name_start));
    while (p < n && IsHtmlSpace(html[p])) ++p;
    std::string_view value;
    if (p < n && html[p] == '=') {
      ++p;
      while (p < n && IsHtmlSpace(html[p])) ++p;
      if (p >= n) return ReadResult::kEof;
      if (html[p] == '"' || html[p] == '\'') {
        const std::size_t end = html.find(html[p], p + 1);
        if (end == std::string_view::npos) return ReadResult::kEof;
        value = html.substr(p + 1, end - p - 1);
        p = end + 1;
      } else if (html[p] != '>') {
        const std::size_t start = p;
        while (p < n && !IsHtmlSpace(html[p]) && html[p] != '>') ++p;
        value = html.substr(start, p - start);
      }
    }
    tag->attributes.emplace_back(std::move(name), value);
  }
}

}  // namespace

std::optional<PageLinks> LinkScanner::Scan(std::string_view bytes,
                                           std::string_view content_type,
                                           const Url& page_url) const {
  if (bytes.size() > limits_.max_bytes) return std::nullopt;
  const DecodedText decoded = DecodeToUtf8(bytes, content_type);
  if (decoded.utf8.size() > limits_.max_bytes) return std::nullopt;
  return ScanUtf8(decoded.utf8, page_url);
}

std::optional<PageLinks> LinkScanner::ScanUtf8(std::string_view html,
                                               const Url& page_url) const {
  if (html.find('\0') != std::string_view::npos) return std::nullopt;
  if (CountTooDeepTags(html, limits_.max_depth) > 0) return std::nullopt;
  RawPageLinks raw(extractor_.options());
  std::deque<std::string> decoded_values;  // stable storage for raw's views
  std::string scratch;
  Tag tag;
  const std::size_t n = html.size();
  std::size_t i = 0;
  while (i < n) {
    const void* found = std::memchr(html.data() + i, '<', n - i);
    if (found == nullptr) break;
    const std::size_t lt =
        static_cast<std::size_t>(static_cast<const char*>(found) - html.data());
    const std::size_t j = lt + 1;
    if (j >= n) break;
    const char c = html[j];
    if (c == '!' || c == '?') {
      if (html.compare(lt, 4, "<!--") == 0) {
        const std::size_t k = lt + 4;
        if (html.compare(k, 1, ">") == 0 || html.compare(k, 2, "->") == 0) {
          return std::nullopt;  // abruptly closed comment
        }
        const std::size_t end = html.find("-->", k);
        const std::size_t bang = html.find("--!>", k);
        if (bang != std::string_view::npos && bang < end) return std::nullopt;
        if (end == std::string_view::npos) break;  // the rest is a comment
        i = end + 3;
        continue;
      }
      // DOCTYPE, <![CDATA[ outside foreign content, <?...>: up to '>'.
      const std::size_t end = html.find('>', j);
      if (end == std::string_view::npos) break;
      i = end + 1;
      continue;
    }
    if (c == '/') {
      const std::size_t k = j + 1;
      if (k >= n) break;
      if (html[k] == '>') {  // "</>" is dropped
        i = k + 1;
        continue;
      }
      if (!IsAsciiAlpha(html[k])) {  // a bogus comment, up to '>'
        const std::size_t end = html.find('>', k);
        if (end == std::string_view::npos) break;
        i = end + 1;
        continue;
      }
      std::size_t p = k;
      if (ReadTag(html, &p, &tag) == ReadResult::kEof) break;
      i = p;
      continue;
    }
    if (!IsAsciiAlpha(c)) {  // a '<' in text
      i = j;
      continue;
    }
    std::size_t p = j;
    if (ReadTag(html, &p, &tag) == ReadResult::kEof) break;
    i = p;
    if (NeedsTree(tag.name)) return std::nullopt;
    if (const std::optional<LinkTag> link_tag = LinkTagOf(tag.name)) {
      LinkAttributes a;
      for (const auto& [name, value] : tag.attributes) {
        std::optional<std::string_view>* slot =
            name == "href"      ? &a.href
            : name == "rel"     ? &a.rel
            : name == "type"    ? &a.type
            : name == "name"    ? &a.name
            : name == "content" ? &a.content
                                : nullptr;
        if (slot == nullptr || slot->has_value()) continue;  // first wins
        if (value.find('&') == std::string_view::npos &&
            value.find('\r') == std::string_view::npos) {
          *slot = value;
          continue;
        }
        // The tokenizer's input has every CR LF and CR turned into LF.
        std::string normalised;
        for (std::size_t k = 0; k < value.size(); ++k) {
          if (value[k] != '\r') {
            normalised.push_back(value[k]);
          } else if (k + 1 >= value.size() || value[k + 1] != '\n') {
            normalised.push_back('\n');
          }
        }
        if (!DecodeAttribute(normalised, &scratch)) return std::nullopt;
        *slot = decoded_values.emplace_back(scratch);
      }
      raw.Add(*link_tag, a);
      continue;
    }
    if (IsRawTextElement(tag.name)) {
      // The content is text up to the matching end tag.
      const std::size_t close = FindRawTextEnd(html, i, tag.name);
      const std::size_t k = close == std::string_view::npos ? n : close;
      if (tag.name == "script" &&
          html.substr(i, k - i).find("<!--") != std::string_view::npos) {
        return std::nullopt;  // escaped script data
      }
      i = k;
    }
  }
  return extractor_.Resolve(raw, page_url);
}

}  // namespace newscrawl
