// Unicode text helpers shared by the extractor and the store (ICU).
#ifndef NEWSCRAWL_EXTRACTOR_UNICODE_TEXT_H_
#define NEWSCRAWL_EXTRACTOR_UNICODE_TEXT_H_

#include <string>
#include <string_view>

namespace newscrawl {

// NFC form of UTF-8 text.  Invalid UTF-8 sequences become U+FFFD.
std::string ToNfc(std::string_view utf8);

// Collapses every run of Unicode white space (including U+00A0 and the
// zero-width space) to one ASCII space and trims both ends.
std::string FoldWhitespace(std::string_view utf8);

// ToNfc(FoldWhitespace(text)): the form bodies are compared and hashed in.
std::string NormalizeText(std::string_view utf8);

// True if `bytes` is well-formed UTF-8.
bool IsValidUtf8(std::string_view bytes);

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_UNICODE_TEXT_H_
