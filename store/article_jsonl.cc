#include "store/article_jsonl.h"

#include <bit>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "store/byte_blocks.h"
#include "store/utc_time.h"

namespace newscrawl {
namespace {

// Strict UTF-8 validation (RFC 3629: no overlongs, surrogates or code
// points over U+10FFFF) as a table-driven DFA: no branch per byte, so mixed
// ASCII and Vietnamese text does not stall on mispredictions.
enum ByteClass : std::uint8_t {
  kAscii, kCont8, kCont9, kContAB, kLead2, kLeadE0, kLead3, kLeadED,
  kLeadF0, kLead4, kLeadF4, kBad, kClassCount
};
enum State : std::uint8_t {
  kAccept, kReject, kNeed1, kNeed2, kNeed3, kAfterE0, kAfterED, kAfterF0,
  kAfterF4, kStateCount
};

struct Utf8Tables {
  std::uint8_t byte_class[256];
  std::uint8_t next[kStateCount][kClassCount];
  bool escape[256];  // bytes JSON writes as an escape
};

constexpr Utf8Tables MakeTables() {
  Utf8Tables t{};
  for (int b = 0; b < 256; ++b) {
    ByteClass c = kBad;
    if (b < 0x80) c = kAscii;
    else if (b < 0x90) c = kCont8;
    else if (b < 0xA0) c = kCont9;
    else if (b < 0xC0) c = kContAB;
    else if (b < 0xC2) c = kBad;
    else if (b < 0xE0) c = kLead2;
    else if (b == 0xE0) c = kLeadE0;
    else if (b == 0xED) c = kLeadED;
    else if (b < 0xF0) c = kLead3;
    else if (b == 0xF0) c = kLeadF0;
    else if (b < 0xF4) c = kLead4;
    else if (b == 0xF4) c = kLeadF4;
    t.byte_class[b] = c;
    t.escape[b] = b < 0x20 || b == '"' || b == '\\';
  }
  for (auto& row : t.next) {
    for (auto& cell : row) cell = kReject;
  }
  t.next[kAccept][kAscii] = kAccept;
  t.next[kAccept][kLead2] = kNeed1;
  t.next[kAccept][kLeadE0] = kAfterE0;
  t.next[kAccept][kLead3] = kNeed2;
  t.next[kAccept][kLeadED] = kAfterED;
  t.next[kAccept][kLeadF0] = kAfterF0;
  t.next[kAccept][kLead4] = kNeed3;
  t.next[kAccept][kLeadF4] = kAfterF4;
  for (const ByteClass c : {kCont8, kCont9, kContAB}) {
    t.next[kNeed1][c] = kAccept;
    t.next[kNeed2][c] = kNeed1;
    t.next[kNeed3][c] = kNeed2;
  }
  t.next[kAfterE0][kContAB] = kNeed1;
  t.next[kAfterED][kCont8] = kNeed1;
  t.next[kAfterED][kCont9] = kNeed1;
  t.next[kAfterF0][kCont9] = kNeed2;
  t.next[kAfterF0][kContAB] = kNeed2;
  t.next[kAfterF4][kCont8] = kNeed2;
  return t;
}

constexpr Utf8Tables kTables = MakeTables();

// The DFA as a "shift DFA": rows[byte] packs, for every state s (6 bits at
// s * 6), the next state times 6.  A step is one load that does not depend
// on the state and one shift, so the dependency chain per byte is short.
struct ShiftRows {
  std::uint64_t rows[256];
};

constexpr ShiftRows MakeShiftRows() {
  ShiftRows r{};
  for (int b = 0; b < 256; ++b) {
    for (int state = 0; state < kStateCount; ++state) {
      const std::uint64_t next = kTables.next[state][kTables.byte_class[b]];
      r.rows[b] |= (next * 6) << (state * 6);
    }
  }
  return r;
}

constexpr ShiftRows kShift = MakeShiftRows();

#if defined(__SSE2__)

// How many bytes from p (a character boundary; 18 bytes readable) are
// surely valid UTF-8 and need no JSON escape: ASCII from 0x20 but '"' and
// '\\', and whole two- and three-byte sequences (leads C2-DF, E1-EC,
// EE-EF: the leads whose continuation bytes are any 80-BF).  Stops at
// anything else (0: the DFA decides), never inside a character.  Sixteen
// bytes at a time.
inline std::size_t PlainRun(const unsigned char* p) {
  const __m128i x = LoadBlock(p);
  const __m128i y = LoadBlock(p + 1);
  const __m128i z = LoadBlock(p + 2);
  const __m128i y_cont = BytesInRange(y, 0x80, 0xBF);
  const __m128i z_cont = BytesInRange(z, 0x80, 0xBF);
  const __m128i quote = BytesEqual(x, '"');
  const __m128i backslash = BytesEqual(x, '\\');
  const std::uint32_t ascii = LaneMask(_mm_andnot_si128(
      _mm_or_si128(quote, backslash), BytesInRange(x, 0x20, 0x7F)));
  const std::uint32_t lead2 =
      LaneMask(_mm_and_si128(BytesInRange(x, 0xC2, 0xDF), y_cont));
  const __m128i lead3_byte =
      _mm_andnot_si128(BytesEqual(x, 0xED), BytesInRange(x, 0xE1, 0xEF));
  const std::uint32_t lead3 =
      LaneMask(_mm_and_si128(_mm_and_si128(lead3_byte, y_cont), z_cont));
  const std::uint32_t cont = LaneMask(BytesInRange(x, 0x80, 0xBF));
  const std::uint32_t expected = (lead2 << 1) | (lead3 << 1) | (lead3 << 2);
  const std::uint32_t ok =
      (ascii | lead2 | lead3 | (cont & expected)) & 0xFFFFu;
  const int n = std::countr_one(ok);
  if (n < 16) return static_cast<std::size_t>(n);
  // A character across the end: its bytes were checked above.
  return 16 + ((lead2 >> 15) & 1u) + 2 * ((lead3 >> 15) & 1u) +
         ((lead3 >> 14) & 1u);
}

// The first byte at or after p that JSON escapes, or end.
inline const unsigned char* NextEscape(const unsigned char* p,
                                       const unsigned char* end) {
  while (end - p >= 16) {
    const __m128i x = LoadBlock(p);
    // Below 0x20: x - 0x80 (signed) < 0x20 - 0x80.
    const __m128i control =
        _mm_cmplt_epi8(_mm_xor_si128(x, _mm_set1_epi8(static_cast<char>(0x80))),
                       _mm_set1_epi8(static_cast<char>(0x20 ^ 0x80)));
    const std::uint32_t hits = LaneMask(_mm_or_si128(
        control, _mm_or_si128(BytesEqual(x, '"'), BytesEqual(x, '\\'))));
    if (hits != 0) return p + std::countr_zero(hits);
    p += 16;
  }
  while (p < end && !kTables.escape[*p]) ++p;
  return p;
}

#else

inline std::size_t PlainRun(const unsigned char*) { return 0; }

inline const unsigned char* NextEscape(const unsigned char* p,
                                       const unsigned char* end) {
  while (p < end && !kTables.escape[*p]) ++p;
  return p;
}

#endif

// Whether `s` is valid UTF-8, and whether it holds a byte JSON escapes.
bool ValidUtf8(const unsigned char* p, std::size_t n, bool* needs_escape) {
  std::uint64_t state = kAccept * 6;
  bool escape = false;
  std::size_t i = 0;
  // Between character boundaries, plain runs are skipped 16 bytes at a
  // time; after a stop the DFA takes at least 16 bytes (a text the fast
  // path does not suit costs one try per 16 bytes).
  std::size_t dfa_until = 0;
  while (i < n) {
    if (i >= dfa_until && state == kAccept * 6 && n - i >= 18) {
      const std::size_t skip = PlainRun(p + i);
      if (skip > 0) {
        i += skip;
        continue;
      }
      dfa_until = i + 16;
    }
    state = (kShift.rows[p[i]] >> state) & 63;
    escape |= kTables.escape[p[i]];
    ++i;
  }
  *needs_escape = escape;
  return state == kAccept * 6;
}

// Appends `s` as a JSON string exactly as nlohmann::json::dump does without
// ensure_ascii; false (and nothing appended) if `s` is not valid UTF-8.
bool AppendValidJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  bool needs_escape = false;
  if (!ValidUtf8(p, n, &needs_escape)) return false;
  out->push_back('"');
  if (!needs_escape) {
    out->append(s);
    out->push_back('"');
    return true;
  }
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0;; ++i) {
    i = static_cast<std::size_t>(NextEscape(p + i, p + n) - p);
    if (i >= n) break;
    const unsigned char c = p[i];
    out->append(s.data() + run, i - run);
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        *out += "\\u00";
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xf]);
    }
    run = i + 1;
  }
  out->append(s.data() + run, n - run);
  out->push_back('"');
  return true;
}

void AppendString(std::string_view s, std::string* out) {
  if (AppendValidJsonString(s, out)) return;
  // Rare: invalid UTF-8 is replaced by U+FFFD the way nlohmann does it.
  *out += nlohmann::json(std::string(s)).dump(-1, ' ', false,
                                              nlohmann::json::error_handler_t::replace);
}

void AppendStringOrNull(std::string_view s, std::string* out) {
  if (s.empty()) {
    *out += "null";
  } else {
    AppendString(s, out);
  }
}

void AppendStrings(const std::vector<std::string>& list, std::string* out) {
  out->push_back('[');
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendString(list[i], out);
  }
  out->push_back(']');
}

void AppendTimeOrNull(std::int64_t t, std::string* out) {
  if (t == 0) {
    *out += "null";
  } else {
    out->push_back('"');
    *out += FormatUtcTime(t);
    out->push_back('"');
  }
}

}  // namespace

nlohmann::json ArticleDumpJson(const ArticleRecord& record) {
  nlohmann::json j = ArticleToJson(record.article);
  auto time_or_null = [](std::int64_t t) {
    return t == 0 ? nlohmann::json(nullptr) : nlohmann::json(FormatUtcTime(t));
  };
  j["id"] = record.key.ToHex();
  j["urls"] = record.urls;
  j["site"] = record.site;
  j["first_seen"] = time_or_null(record.first_seen);
  j["last_seen"] = time_or_null(record.last_seen);
  j["duplicate_of"] = record.duplicate_of.empty()
                          ? nlohmann::json(nullptr)
                          : nlohmann::json(record.duplicate_of.ToHex());
  return j;
}

// The same text as ArticleDumpJson(record).dump() (keys in nlohmann's
// sorted order), written directly: the JSON tree and nlohmann's byte-wise
// escaper cost most of a dump's time.  article_jsonl_test.cc checks that
// both agree.
void AppendArticleJsonLine(const ArticleRecord& record, std::string* out) {
  const Article& a = record.article;
  *out += "{\"author\":";
  AppendStringOrNull(a.author, out);
  *out += ",\"body\":";
  AppendString(a.body, out);
  *out += ",\"canonical_url\":";
  AppendStringOrNull(a.canonical_url, out);
  *out += ",\"duplicate_of\":";
  if (record.duplicate_of.empty()) {
    *out += "null";
  } else {
    *out += '"' + record.duplicate_of.ToHex() + '"';
  }
  *out += ",\"first_seen\":";
  AppendTimeOrNull(record.first_seen, out);
  *out += ",\"id\":\"";
  *out += record.key.ToHex();
  *out += "\",\"images\":[";
  for (std::size_t i = 0; i < a.images.size(); ++i) {
    if (i > 0) out->push_back(',');
    *out += "{\"caption\":";
    AppendStringOrNull(a.images[i].caption, out);
    *out += ",\"url\":";
    AppendString(a.images[i].url, out);
    out->push_back('}');
  }
  *out += "],\"language\":";
  AppendStringOrNull(a.language, out);
  *out += ",\"last_seen\":";
  AppendTimeOrNull(record.last_seen, out);
  *out += ",\"lead\":";
  AppendStringOrNull(a.lead, out);
  *out += ",\"modified\":";
  AppendStringOrNull(a.modified, out);
  *out += ",\"published\":";
  AppendStringOrNull(a.published, out);
  *out += ",\"section\":";
  AppendStringOrNull(a.section, out);
  *out += ",\"site\":";
  AppendString(record.site, out);
  *out += ",\"tags\":";
  AppendStrings(a.tags, out);
  *out += ",\"title\":";
  AppendStringOrNull(a.title, out);
  *out += ",\"url\":";
  AppendStringOrNull(a.url, out);
  *out += ",\"urls\":";
  AppendStrings(record.urls, out);
  *out += "}\n";
}

}  // namespace newscrawl
