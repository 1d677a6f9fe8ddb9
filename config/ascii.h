// ASCII helpers for protocol text (URLs, robots.txt, HTTP and XML tokens),
// where case folding and white space are ASCII-only by definition.
#ifndef NEWSCRAWL_CONFIG_ASCII_H_
#define NEWSCRAWL_CONFIG_ASCII_H_

#include <string>
#include <string_view>

namespace newscrawl {

// `s` with A-Z folded to a-z; other bytes unchanged.
std::string AsciiLower(std::string_view s);
// `c` folded to a-z if it is A-Z.
inline char AsciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// A-Z or a-z.
inline bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
// HTML's white space inside tags: space, tab, LF, CR and FF.
inline bool IsHtmlSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// `s` without leading and trailing space, tab, CR, LF, VT and FF.
std::string_view TrimAsciiSpace(std::string_view s);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CONFIG_ASCII_H_
