// Text patterns of page clutter, in Vietnamese and English: headings that
// introduce lists of other articles ("Tin khác", "Related"), caption credits
// ("(Ảnh: ...)"), category+date lines of title lists, bylines and source
// lines.  Matching is case- and diacritic-insensitive: text is first folded
// with FoldForMatch().
//
// Thread safety: every function is pure.
#ifndef NEWSCRAWL_EXTRACTOR_TEXT_PATTERNS_H_
#define NEWSCRAWL_EXTRACTOR_TEXT_PATTERNS_H_

#include <string>
#include <string_view>
#include <vector>

namespace newscrawl {

// Lower case, Vietnamese diacritics removed ("đ" -> "d"), punctuation other
// than '/', ':' and '-' turned into spaces, white space folded and trimmed:
// "Tin Liên Quan:" -> "tin lien quan:".
std::string FoldForMatch(std::string_view utf8);

// The built-in headings that start clutter, already folded.
const std::vector<std::string>& ClutterHeadingPhrases();

// True if `text` (a short heading-like block) is a clutter heading: its
// folded form equals one of the phrases, or starts with one followed by
// ":" or nothing but punctuation.  `extra` holds more folded phrases (site
// rules' drop_headings).  Text longer than ~60 characters never matches.
bool IsClutterHeading(std::string_view text,
                      const std::vector<std::string>& extra = {});

// True for an inline pointer to another article: a clutter phrase used as
// a label, "Xem thêm: <title>", "Tin liên quan: ...", "Read more: ...".
bool IsRelatedLinkLine(std::string_view text);

// True for a short line that is page furniture, not text: "Quảng cáo",
// "Advertisement", "Chia sẻ", "Print", ... (dropped alone; unlike a clutter
// heading it does not end the article).
bool IsBoilerplateLine(std::string_view text);

// Removes a parenthesised photo credit at the end of `*text`
// ("... trên đường (Ảnh: Hải Long)." -> "... trên đường."); true if one was
// removed.
bool StripCredit(std::string* text);

// True for a short newsletter/subscription promo ("Subscribe to our
// newsletters", "Đăng ký nhận bản tin").  IsBoilerplateLine() includes it.
bool IsPromoLine(std::string_view text);

// True for a photo/video caption or credit line: a block starting "Ảnh:",
// "Ảnh minh họa", "Video:", "Photo:", "Image:", or a short block ending
// with an unbracketed credit ("Y bác sĩ nội soi. Ảnh: Bệnh viện").
bool IsCaptionText(std::string_view text);

// True for the category+date lines under titles in lists
// ("Hoạt động 20/04/2025 22:49", "Công đoàn | 08:49 | 06/08/2021"): short,
// and mostly a date and a time.
bool IsDateLine(std::string_view text);

// True for lines such as "Nguồn: Báo Lao Động", "Theo VnExpress",
// "Source: Reuters"; `*source` gets what follows the marker.
bool IsSourceLine(std::string_view text, std::string* source);

// True for an end-of-article byline: a short line that is just a name
// ("Minh Anh", "Hà Phong - Thu Trang", "By Jane Doe", "PV", "Nhóm PV").
// `*author` gets the name without "By"/"Bài và ảnh:" prefixes.
bool IsBylineText(std::string_view text, std::string* author);

// True if `text` looks like a URL slug used as text ("ldld quan ha dong day
// manh phat trien"): at least five words, all lower-case ASCII letters and
// digits, on a page whose other text has diacritics (`page_is_accented`).
bool IsSlugText(std::string_view text, bool page_is_accented);

// Number of Unicode code points in `utf8`.
std::size_t CountCodePoints(std::string_view utf8);

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_TEXT_PATTERNS_H_
