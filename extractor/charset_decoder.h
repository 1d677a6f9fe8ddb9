// Charset decoding of raw page bytes to UTF-8, before HTML parsing.
//
// The charset is taken, in this order, from a byte order mark, the HTTP
// Content-Type header, a <meta charset> / http-equiv declaration found by a
// prescan of the first bytes (as the HTML5 "prescan a byte stream" step
// does), and else detected (ICU ucsdet, with UTF-8 validity as the strongest
// signal).  A declared legacy single-byte charset is overridden when the bytes
// are valid UTF-8 with multi-byte sequences (misconfigured servers).
//
// ISO-8859-1 and US-ASCII are read as windows-1252, as browsers do.
// windows-1258 (Vietnamese) uses combining tone marks, so its output is NFC
// normalised.  UTF-8 that was double-encoded through Latin-1/windows-1252
// ("CÃ´ng Ä‘oÃ n" for "Công đoàn") is repaired, conservatively.  Invalid
// bytes become U+FFFD.  The output is always valid UTF-8.
//
// Thread safety: all functions are pure and thread-safe.
#ifndef NEWSCRAWL_EXTRACTOR_CHARSET_DECODER_H_
#define NEWSCRAWL_EXTRACTOR_CHARSET_DECODER_H_

#include <string>
#include <string_view>

namespace newscrawl {

struct DecodedText {
  std::string utf8;     // valid UTF-8
  std::string charset;  // canonical name: "utf-8", "windows-1258", ...
  // Where the charset came from: "bom", "http", "meta", "utf8-valid",
  // "detected" or "default".
  std::string source;
  bool repaired = false;  // double-encoded UTF-8 was repaired
};

// Decodes `bytes`.  `content_type` is the HTTP Content-Type header value
// (may be empty).  Never fails; unknown charsets fall back to detection.
DecodedText DecodeToUtf8(std::string_view bytes,
                         std::string_view content_type = {});

// The canonical name of a charset label ("UTF8" -> "utf-8", "latin1" ->
// "windows-1252", "cp1258" -> "windows-1258"), or "" if ICU does not know
// it.  Other labels ICU knows are returned lower-cased.
std::string CanonicalCharset(std::string_view label);

// The charset parameter of a Content-Type value ("text/html; charset=UTF-8"
// -> "UTF-8"), or "".
std::string CharsetFromContentType(std::string_view content_type);

// The charset declared by a <meta> in the first `limit` bytes, or "".
std::string PrescanMetaCharset(std::string_view bytes,
                               std::size_t limit = 4096);

// Repairs runs of UTF-8 that were decoded as windows-1252/Latin-1 and
// re-encoded (only when at least two such sequences are found, or one in an
// otherwise ASCII text).  Returns true if `utf8` (valid UTF-8) was changed.
bool RepairDoubleEncodedUtf8(std::string* utf8);

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_CHARSET_DECODER_H_
