#include "extractor/text_patterns.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>

namespace newscrawl {
namespace {

void AppendUtf8(UChar32 c, std::string* out) {
  const auto u = static_cast<uint32_t>(c);
  if (u < 0x80) {
    out->push_back(static_cast<char>(u));
  } else if (u < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (u >> 6)));
    out->push_back(static_cast<char>(0x80 | (u & 0x3F)));
  } else if (u < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (u >> 12)));
    out->push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (u & 0x3F)));
  } else if (u < 0x110000) {
    out->push_back(static_cast<char>(0xF0 | (u >> 18)));
    out->push_back(static_cast<char>(0x80 | ((u >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (u & 0x3F)));
  }
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Removes leading/trailing ' ', ':', '-', '|', '/'.
std::string_view TrimPunct(std::string_view s) {
  auto is_punct = [](char c) {
    return c == ' ' || c == ':' || c == '-' || c == '|' || c == '/';
  };
  while (!s.empty() && is_punct(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_punct(s.back())) s.remove_suffix(1);
  return s;
}

std::size_t CountWords(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// Original-case text without its folded-away prefix of `prefix_words`
// words (used to return names and sources in their original spelling).
std::string DropWords(std::string_view text, std::size_t words) {
  std::size_t i = 0;
  while (words > 0 && i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    while (i < text.size() && text[i] != ' ') ++i;
    --words;
  }
  std::string_view rest = text.substr(i);
  while (!rest.empty() &&
         (rest.front() == ' ' || rest.front() == ':' || rest.front() == '-')) {
    rest.remove_prefix(1);
  }
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '.')) {
    rest.remove_suffix(1);
  }
  return std::string(rest);
}

}  // namespace

std::size_t CountCodePoints(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string FoldForMatch(std::string_view utf8) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(error);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (U_SUCCESS(error)) {
    icu::UnicodeString decomposed = nfd->normalize(text, error);
    if (U_SUCCESS(error)) text = decomposed;
  }
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  for (int32_t i = 0; i < text.length();) {
    UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0111 || c == 0x0110) c = 'd';  // đ, Đ
    c = u_tolower(c);
    const bool keep = u_isalnum(c) || c == '/' || c == ':' || c == '-' ||
                      c == '|';
    if (!keep) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    AppendUtf8(c, &out);
  }
  return out;
}

const std::vector<std::string>& ClutterHeadingPhrases() {
  static const std::vector<std::string> kPhrases = [] {
    const char* raw[] = {
        // Vietnamese
        "Tin khác", "Tin liên quan", "Bài liên quan", "Tin cùng chuyên mục",
        "Tin cùng chủ đề", "Bài viết liên quan", "Tin bài liên quan",
        "Có thể bạn quan tâm", "Bạn có thể quan tâm", "Nên xem", "Xem thêm",
        "Đọc thêm", "Xem tiếp", "Tin mới", "Tin mới nhất", "Tin mới hơn",
        "Tin cũ hơn", "Tin đã đưa", "Tin nổi bật", "Tin đọc nhiều",
        "Đọc nhiều", "Đọc nhiều nhất", "Xem nhiều", "Xem nhiều nhất",
        "Tin xem nhiều", "Tin tiêu điểm", "Tiêu điểm", "Tin hay",
        "Ý kiến bạn đọc", "Ý kiến của bạn", "Gửi ý kiến", "Bình luận",
        "Gửi bình luận", "Viết bình luận", "Phiên bản di động",
        "Cùng chuyên mục", "Chủ đề", "Từ khóa", "Tags", "Tag",
        "Video nổi bật", "Tin ảnh", "Tin video", "Có thể bạn chưa đọc",
        "Đừng bỏ lỡ", "Mới nhất", "Nổi bật",
        "Bài đọc nhiều", "Sự kiện", "Thông tin doanh nghiệp",
        // English
        "Related", "Related articles", "Related stories", "Related posts",
        "Related news", "Related content", "Related coverage",
        "Related topics", "More stories", "More news", "More from",
        "More on this story", "More on this", "Read more", "Read next",
        "Most popular", "Most read", "Most viewed", "Popular", "Trending",
        "Recommended", "Recommended for you", "You may also like",
        "You might also like", "Also read", "See also", "Comments",
        "Leave a comment", "Leave a reply", "Latest news",
        "Latest stories", "Top stories", "Editor's picks", "What to read next",
        "Around the web", "Topics", "Tags:", "Recent articles", "Recent posts",
        "Recent stories", "Popular this week", "Popular now", "Latest articles",
        "Latest posts", "Tell us what you think", "Join the conversation",
        "Have your say", "In other news", "Also on", "Elsewhere on",
        "Bài viết mới", "Bài viết khác", "Tin tức khác", "Tin cùng loại"};
    std::vector<std::string> folded;
    for (const char* phrase : raw) folded.push_back(FoldForMatch(phrase));
    return folded;
  }();
  return kPhrases;
}

bool IsClutterHeading(std::string_view text,
                      const std::vector<std::string>& extra) {
  if (text.size() > 120 || CountCodePoints(text) > 60) return false;
  const std::string folded_full = FoldForMatch(text);
  const std::string_view folded = TrimPunct(folded_full);
  if (folded.empty()) return false;
  auto matches = [&](const std::string& phrase) {
    return !phrase.empty() && folded == TrimPunct(phrase);
  };
  for (const std::string& phrase : ClutterHeadingPhrases()) {
    if (matches(phrase)) return true;
  }
  for (const std::string& phrase : extra) {
    if (matches(phrase)) return true;
  }
  return false;
}

bool IsRelatedLinkLine(std::string_view text) {
  if (CountCodePoints(text) > 300) return false;
  const std::string folded = FoldForMatch(text);
  for (const std::string& phrase : ClutterHeadingPhrases()) {
    if (phrase.size() < 5 || !StartsWith(folded, phrase)) continue;
    const std::string_view rest =
        std::string_view(folded).substr(phrase.size());
    if (StartsWith(rest, ":") || StartsWith(rest, " :") ||
        StartsWith(rest, " -") || StartsWith(rest, "-")) {
      return true;
    }
  }
  return false;
}

bool IsBoilerplateLine(std::string_view text) {
  if (IsPromoLine(text)) return true;
  if (CountCodePoints(text) > 40) return false;
  static const std::vector<std::string> kLines = [] {
    const char* raw[] = {"Quảng cáo", "Advertisement", "Advert", "Ad", "Sponsored",
                         "Chia sẻ", "Chia sẻ bài viết", "Share", "Share this",
                         "Share this article", "Share this story", "Tweet",
                         "Print", "In bài", "In bài viết", "Gửi bài",
                         "Follow us", "Subscribe", "Sign up", "Newsletter",
                         "Lưu", "Lưu bài", "Bản in", "Email", "Facebook",
                         "Twitter", "Zalo", "Copy link", "Sao chép liên kết",
                         "Trở lại đầu trang", "Về trang chủ", "Back to top",
                         "Loading", "Đang tải", "Continue reading",
                         "Skip advertisement", "Story continues below"};
    std::vector<std::string> folded;
    for (const char* line : raw) folded.push_back(FoldForMatch(line));
    return folded;
  }();
  const std::string folded_full = FoldForMatch(text);
  const std::string_view folded = TrimPunct(folded_full);
  for (const std::string& line : kLines) {
    if (folded == line) return true;
  }
  return false;
}

bool IsPromoLine(std::string_view text) {
  if (CountCodePoints(text) > 220) return false;
  const std::string folded = FoldForMatch(text);
  auto has = [&folded](std::string_view part) {
    return folded.find(part) != std::string::npos;
  };
  const bool ask = has("subscribe") || has("sign up") || has("dang ky");
  const bool channel = has("newsletter") || has("inbox") || has("ban tin");
  return ask && channel;
}

bool StripCredit(std::string* text) {
  std::string_view t = *text;
  std::size_t end = t.size();
  while (end > 0 && (t[end - 1] == '.' || t[end - 1] == ' ')) --end;
  if (end == 0 || t[end - 1] != ')') return false;
  const std::size_t open = t.rfind('(', end - 1);
  if (open == std::string_view::npos || end - open > 120) return false;
  const std::string inner = FoldForMatch(t.substr(open + 1, end - open - 2));
  static const std::array<std::string_view, 9> kMarkers = {
      "anh:", "anh minh hoa", "video:", "photo:", "anh tu lieu", "do hoa:",
      "nguon anh", "clip:", "anh -"};
  bool credit = false;
  for (std::string_view marker : kMarkers) {
    if (StartsWith(inner, marker)) credit = true;
  }
  if (!credit) return false;
  std::string kept(t.substr(0, open));
  while (!kept.empty() && kept.back() == ' ') kept.pop_back();
  // Keep the sentence's own full stop: "... đường (Ảnh: X)." -> "... đường."
  if (!kept.empty() && t.substr(end).find('.') != std::string_view::npos &&
      kept.back() != '.') {
    kept.push_back('.');
  }
  *text = kept;
  return true;
}

bool IsCaptionText(std::string_view text) {
  if (CountCodePoints(text) > 400) return false;
  const std::string folded = FoldForMatch(text);
  static const std::array<std::string_view, 8> kStarts = {
      "anh:", "anh minh hoa", "video:", "photo:", "image:", "anh tu lieu",
      "nguon anh", "clip:"};
  for (std::string_view start : kStarts) {
    if (StartsWith(folded, start)) return true;
  }
  // A credit at the end: "... Ảnh: TTXVN".
  if (CountCodePoints(text) > 250) return false;
  static const std::array<std::string_view, 6> kCredits = {
      "anh:", "anh minh hoa", "photo:", "video:", "anh tu lieu", "do hoa:"};
  const std::size_t tail_start = folded.size() > 60 ? folded.size() - 60 : 0;
  const std::string_view tail = std::string_view(folded).substr(tail_start);
  for (std::string_view credit : kCredits) {
    const std::size_t at = tail.rfind(credit);
    if (at == std::string_view::npos) continue;
    // The credit must be its own word and close to the end.
    if (at > 0 && tail[at - 1] != ' ') continue;
    if (CountWords(tail.substr(at)) <= 8) return true;
  }
  return false;
}

bool IsDateLine(std::string_view text) {
  if (CountCodePoints(text) > 80) return false;
  const std::string folded = FoldForMatch(text);
  static const std::array<std::string_view, 9> kStamps = {
      "posted:", "updated:", "updated at", "published:", "last updated", "cap nhat:",
      "cap nhat luc", "dang luc", "ngay dang:"};
  for (std::string_view stamp : kStamps) {
    if (StartsWith(folded, stamp)) {
      for (char c : folded) {
        if (IsDigit(c)) return true;
      }
    }
  }
  // Find dd/mm/yyyy or dd/mm and hh:mm.
  bool has_date = false;
  bool has_time = false;
  std::size_t digits_or_marks = 0;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const char c = folded[i];
    if (IsDigit(c) || c == '/' || c == ':') ++digits_or_marks;
    if (c == '/' && i > 0 && IsDigit(folded[i - 1]) && i + 1 < folded.size() &&
        IsDigit(folded[i + 1])) {
      has_date = true;
    }
    if (c == ':' && i > 0 && IsDigit(folded[i - 1]) && i + 2 < folded.size() &&
        IsDigit(folded[i + 1]) && IsDigit(folded[i + 2])) {
      has_time = true;
    }
  }
  if (!has_date && !has_time) return false;
  // Whatever is not the date is at most a few words (a category).
  std::string rest;
  for (char c : folded) {
    rest.push_back(IsDigit(c) || c == '/' || c == ':' || c == '|' ? ' ' : c);
  }
  std::size_t words = 0;
  bool in_word = false;
  for (char c : rest) {
    const bool letter = c != ' ' && c != '-';
    if (letter && !in_word) ++words;
    in_word = letter;
  }
  // Words like "ngay", "gio", "thu hai", "gmt" and a category.
  return has_date && (has_time || words <= 3) && words <= 6 &&
         digits_or_marks >= 6;
}

bool IsSourceLine(std::string_view text, std::string* source) {
  if (CountCodePoints(text) > 120) return false;
  const std::string folded = FoldForMatch(text);
  static const std::array<std::pair<std::string_view, std::size_t>, 5>
      kMarkers = {{{"nguon:", 1}, {"nguon :", 1}, {"theo ", 1},
                   {"source:", 1}, {"(theo ", 1}}};
  for (const auto& [marker, words] : kMarkers) {
    if (!StartsWith(folded, marker)) continue;
    // "Theo ..." only as a short line without a sentence in it.
    if (marker == "theo " && (CountWords(folded) > 8 ||
                              folded.find(',') != std::string::npos)) {
      return false;
    }
    if (source != nullptr) {
      std::string rest = DropWords(text, words);
      while (!rest.empty() && (rest.back() == ')' || rest.back() == '(')) {
        rest.pop_back();
      }
      if (!rest.empty() && rest.front() == '(') rest.erase(0, 1);
      *source = rest;
    }
    return true;
  }
  return false;
}

bool IsBylineText(std::string_view text, std::string* author) {
  const std::size_t length = CountCodePoints(text);
  if (length == 0 || length > 60) return false;
  const std::string folded = FoldForMatch(text);
  std::size_t prefix_words = 0;
  static const std::array<std::pair<std::string_view, std::size_t>, 6>
      kPrefixes = {{{"by ", 1}, {"bai va anh:", 3}, {"bai, anh:", 2},
                    {"bai anh:", 2}, {"tac gia:", 2}, {"phong vien:", 2}}};
  for (const auto& [prefix, words] : kPrefixes) {
    if (StartsWith(folded, prefix)) prefix_words = words;
  }
  const std::string name = DropWords(text, prefix_words);
  if (name.empty()) return false;
  // A name: 1-6 words, each starting with an upper-case letter, no
  // sentence punctuation, no digits.
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  std::size_t words = 0;
  bool at_word_start = true;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (c == ' ' || c == '-' || c == 0x2013 || c == ',' || c == '&') {
      at_word_start = true;
      continue;
    }
    if (u_isdigit(c) || c == '.' || c == '!' || c == '?' || c == ';' ||
        c == '"' || c == ':') {
      if (c == '.' && i == u.length()) continue;  // "Minh Anh."
      return false;
    }
    if (at_word_start) {
      if (!u_isupper(c)) {
        // Allow "và"/"and" between names.
        const bool joiner = u.tempSubString(i - U16_LENGTH(c), 3) ==
                                icu::UnicodeString::fromUTF8("và") ||
                            u.tempSubString(i - 1, 3) == "and";
        if (!joiner) return false;
      }
      ++words;
      at_word_start = false;
    }
  }
  if (words == 0 || words > 7) return false;
  if (author != nullptr) *author = name;
  return true;
}

bool IsSlugText(std::string_view text, bool page_is_accented) {
  if (!page_is_accented) return false;
  std::size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool word_char = (c >= 'a' && c <= 'z') || IsDigit(c);
    if (!word_char && c != ' ' && c != '-') return false;
    if (word_char && !in_word) ++words;
    in_word = word_char;
  }
  return words >= 5;
}

}  // namespace newscrawl
