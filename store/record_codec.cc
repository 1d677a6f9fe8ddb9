#include "store/record_codec.h"

#include <span>

#include "store/byte_coding.h"
#include "store/zstd_codec.h"

namespace newscrawl {

namespace {

constexpr std::uint8_t kFormat1 = 1;
constexpr std::uint8_t kFormat2 = 2;
constexpr std::uint8_t kRaw = 0;
constexpr std::uint8_t kZstd = 1;
constexpr std::size_t kMinCompress = 128;       // smaller bodies stay raw
constexpr std::size_t kMaxPageBody = 1u << 30;  // 1 GiB
constexpr std::size_t kMaxArticle = 256u << 20;
constexpr std::uint64_t kMaxCount = 1u << 20;   // list lengths
constexpr int kArticleZstdLevel = 1;

ZstdCodec& ThreadCodec() {
  thread_local ZstdCodec codec;
  return codec;
}

// Per-thread scratch buffer for article payloads.
std::string& ThreadScratch() {
  thread_local std::string scratch;
  return scratch;
}

Status Malformed(std::string_view what) {
  return Status::Corruption("malformed " + std::string(what) + " record");
}

void PutKey(ByteWriter& w, const ArticleKey& key) { w.PutRaw(key.AsBytes()); }

bool GetKey(ByteReader& r, ArticleKey* key) {
  std::string_view raw;
  if (!r.GetRaw(ArticleKey::kSize, &raw)) return false;
  for (std::size_t i = 0; i < ArticleKey::kSize; ++i) {
    key->bytes[i] = static_cast<std::uint8_t>(raw[i]);
  }
  return true;
}

struct PageHead {
  PageRecord page;  // without body
  std::uint64_t raw_size = 0;
  std::uint8_t compression = 0;
};

bool ReadPageHead(ByteReader& r, PageHead* head) {
  std::uint8_t format = 0;
  PageRecord& p = head->page;
  return r.GetByte(&format) && format == kFormat1 &&
         r.GetVarintAs(&p.status) && r.GetSigned(&p.fetch_time) &&
         r.GetString(&p.url) && r.GetString(&p.final_url) &&
         r.GetString(&p.etag) && r.GetString(&p.last_modified) &&
         r.GetString(&p.content_type) && r.GetString(&p.site) &&
         r.GetString(&p.fingerprint) && GetKey(r, &p.article_key) &&
         r.GetVarint(&head->raw_size) && r.GetByte(&head->compression) &&
         (head->compression == kRaw || head->compression == kZstd);
}

// The page fields up to the article key (the body's size, compression
// and bytes follow).
void PutPageHead(ByteWriter& w, const PageRecord& page,
                 const ArticleKey& article_key) {
  w.PutByte(kFormat1);
  w.PutVarint(static_cast<std::uint64_t>(page.status < 0 ? 0 : page.status));
  w.PutSigned(page.fetch_time);
  w.PutBytes(page.url);
  w.PutBytes(page.final_url);
  w.PutBytes(page.etag);
  w.PutBytes(page.last_modified);
  w.PutBytes(page.content_type);
  w.PutBytes(page.site);
  w.PutBytes(page.fingerprint);
  PutKey(w, article_key);
}

}  // namespace

Status EncodePage(const PageRecord& page, const ArticleKey& article_key,
                  int zstd_level, std::string* out) {
  out->clear();
  ByteWriter w(out);
  PutPageHead(w, page, article_key);
  w.PutVarint(page.body.size());
  if (page.body.size() < kMinCompress) {
    w.PutByte(kRaw);
    w.PutRaw(page.body);
    return Status::Ok();
  }
  w.PutByte(kZstd);
  return ThreadCodec().Compress(page.body, zstd_level, out);
}

Result<PageRecord> DecodePage(std::string_view value, bool with_body) {
  ByteReader r(value);
  PageHead head;
  if (!ReadPageHead(r, &head)) return Malformed("page");
  if (with_body) {
    if (head.compression == kRaw) {
      if (r.rest().size() != head.raw_size) return Malformed("page");
      head.page.body.assign(r.rest());
    } else {
      if (head.raw_size > kMaxPageBody) return Malformed("page");
      NEWSCRAWL_RETURN_IF_ERROR(ThreadCodec().Decompress(
          r.rest(), static_cast<std::size_t>(head.raw_size), &head.page.body));
    }
  }
  return std::move(head.page);
}

Status RewritePageHead(std::string_view value, std::string_view fingerprint,
                       const ArticleKey& article_key, std::string* out) {
  ByteReader r(value);
  PageHead head;
  if (!ReadPageHead(r, &head)) return Malformed("page");
  head.page.fingerprint.assign(fingerprint);
  out->clear();
  ByteWriter w(out);
  PutPageHead(w, head.page, article_key);
  w.PutVarint(head.raw_size);
  w.PutByte(head.compression);
  w.PutRaw(r.rest());
  return Status::Ok();
}

Result<PageSummary> DecodePageSummary(std::string_view value) {
  ByteReader r(value);
  PageHead head;
  if (!ReadPageHead(r, &head)) return Malformed("page");
  PageSummary summary;
  summary.site = std::move(head.page.site);
  summary.status = head.page.status;
  summary.raw_size = head.raw_size;
  summary.stored_size = r.rest().size();
  return summary;
}

namespace {

// The stored fields of an article record, by reference: EncodeArticle and
// EncodeNewArticle write the same bytes for the same fields.
struct ArticleFields {
  const Article& article;
  std::span<const std::string> urls;
  std::int64_t first_seen;
  std::int64_t last_seen;
  std::string_view fingerprint;
  std::string_view site;
  std::uint64_t simhash;
  const ArticleKey& duplicate_of;
  const ArticleKey& replaced_by;
  std::span<const ArticleVersion> history;
};

Status EncodeArticleFields(const ArticleFields& rec, std::string* out) {
  std::string& payload = ThreadScratch();
  payload.clear();
  ByteWriter w(&payload);
  const Article& a = rec.article;
  w.PutBytes(a.url);
  w.PutBytes(a.canonical_url);
  w.PutBytes(a.title);
  w.PutBytes(a.published);
  w.PutBytes(a.modified);
  w.PutBytes(a.author);
  w.PutBytes(a.body);
  // The lead is usually the start of the body: then only its length + 1.
  if (!a.lead.empty() && a.body.compare(0, a.lead.size(), a.lead) == 0) {
    w.PutVarint(a.lead.size() + 1);
  } else {
    w.PutVarint(0);
    w.PutBytes(a.lead);
  }
  w.PutVarint(a.images.size());
  for (const ArticleImage& image : a.images) {
    w.PutBytes(image.url);
    w.PutBytes(image.caption);
  }
  w.PutVarint(a.tags.size());
  for (const std::string& tag : a.tags) w.PutBytes(tag);
  w.PutBytes(a.section);
  w.PutBytes(a.language);
  w.PutVarint(rec.urls.size());
  for (const std::string& url : rec.urls) w.PutBytes(url);
  w.PutSigned(rec.first_seen);
  w.PutSigned(rec.last_seen);
  w.PutBytes(rec.fingerprint);
  w.PutBytes(rec.site);
  w.PutFixed64(rec.simhash);
  PutKey(w, rec.duplicate_of);
  PutKey(w, rec.replaced_by);
  w.PutVarint(rec.history.size());
  for (const ArticleVersion& v : rec.history) {
    w.PutBytes(v.url);
    PutKey(w, v.key);
    w.PutSigned(v.replaced_at);
  }

  out->clear();
  out->push_back(static_cast<char>(kFormat1));
  if (payload.size() < kMinCompress) {
    out->push_back(static_cast<char>(kRaw));
    out->append(payload);
    return Status::Ok();
  }
  out->push_back(static_cast<char>(kZstd));
  return ThreadCodec().Compress(payload, kArticleZstdLevel, out);
}

}  // namespace

Status EncodeArticle(const ArticleRecord& rec, std::string* out) {
  return EncodeArticleFields(
      {rec.article, rec.urls, rec.first_seen, rec.last_seen, rec.fingerprint,
       rec.site, rec.simhash, rec.duplicate_of, rec.replaced_by, rec.history},
      out);
}

Status EncodeNewArticle(const Article& article, const std::string& url,
                        std::int64_t seen, std::string_view fingerprint,
                        std::string_view site, std::uint64_t simhash,
                        std::string* out) {
  const ArticleKey none;
  return EncodeArticleFields({article, std::span<const std::string>(&url, 1),
                              seen, seen, fingerprint, site, simhash, none,
                              none, {}},
                             out);
}

Status DecodeArticleInto(const ArticleKey& key, std::string_view value,
                         ArticleRecord* out) {
  if (value.size() < 2 || static_cast<std::uint8_t>(value[0]) != kFormat1) {
    return Malformed("article");
  }
  std::string_view payload = value.substr(2);
  const auto compression = static_cast<std::uint8_t>(value[1]);
  if (compression == kZstd) {
    std::string& scratch = ThreadScratch();
    NEWSCRAWL_RETURN_IF_ERROR(
        ThreadCodec().Decompress(payload, kMaxArticle, &scratch));
    payload = scratch;
  } else if (compression != kRaw) {
    return Malformed("article");
  }
  ByteReader r(payload);
  ArticleRecord& rec = *out;
  rec.key = key;
  Article& a = rec.article;
  // Every field is read again; the lists start over.
  a.images.clear();
  a.tags.clear();
  rec.urls.clear();
  rec.history.clear();
  std::uint64_t n = 0;
  std::uint64_t lead = 0;
  bool ok = r.GetString(&a.url) && r.GetString(&a.canonical_url) &&
            r.GetString(&a.title) && r.GetString(&a.published) &&
            r.GetString(&a.modified) && r.GetString(&a.author) &&
            r.GetString(&a.body) && r.GetVarint(&lead);
  if (ok && lead == 0) {
    ok = r.GetString(&a.lead);
  } else if (ok) {
    ok = lead - 1 <= a.body.size();
    if (ok) a.lead.assign(a.body, 0, static_cast<std::size_t>(lead - 1));
  }
  ok = ok && r.GetVarint(&n) && n <= kMaxCount;
  for (std::uint64_t i = 0; ok && i < n; ++i) {
    ArticleImage& image = a.images.emplace_back();
    ok = r.GetString(&image.url) && r.GetString(&image.caption);
  }
  ok = ok && r.GetVarint(&n) && n <= kMaxCount;
  for (std::uint64_t i = 0; ok && i < n; ++i) {
    ok = r.GetString(&a.tags.emplace_back());
  }
  ok = ok && r.GetString(&a.section) && r.GetString(&a.language) &&
       r.GetVarint(&n) && n <= kMaxCount;
  for (std::uint64_t i = 0; ok && i < n; ++i) {
    ok = r.GetString(&rec.urls.emplace_back());
  }
  ok = ok && r.GetSigned(&rec.first_seen) && r.GetSigned(&rec.last_seen) &&
       r.GetString(&rec.fingerprint) && r.GetString(&rec.site) &&
       r.GetFixed64(&rec.simhash) && GetKey(r, &rec.duplicate_of) &&
       GetKey(r, &rec.replaced_by) && r.GetVarint(&n) && n <= kMaxCount;
  for (std::uint64_t i = 0; ok && i < n; ++i) {
    ArticleVersion& v = rec.history.emplace_back();
    ok = r.GetString(&v.url) && GetKey(r, &v.key) && r.GetSigned(&v.replaced_at);
  }
  if (!ok || !r.empty()) return Malformed("article");
  return Status::Ok();
}

Result<ArticleRecord> DecodeArticle(const ArticleKey& key,
                                    std::string_view value) {
  ArticleRecord rec;
  NEWSCRAWL_RETURN_IF_ERROR(DecodeArticleInto(key, value, &rec));
  return rec;
}

void EncodeUrlState(const UrlState& s, std::string* out) {
  out->clear();
  ByteWriter w(out);
  w.PutByte(kFormat2);
  w.PutSigned(s.last_fetch);
  w.PutBytes(s.etag);
  w.PutBytes(s.last_modified);
  w.PutFixed64(s.content_hash);
  PutKey(w, s.article_key);
  w.PutVarint(s.page_id);
  w.PutSigned(s.next_revisit);
  w.PutByte(static_cast<std::uint8_t>(s.kind));
  w.PutVarint(s.fail_count);
  w.PutVarint(s.fetch_count);
  w.PutBytes(s.rules_fingerprint);
}

Result<UrlState> DecodeUrlState(std::string_view value) {
  ByteReader r(value);
  UrlState s;
  std::uint8_t format = 0;
  std::uint8_t kind = 0;
  const bool ok = r.GetByte(&format) &&
                  (format == kFormat1 || format == kFormat2) &&
                  r.GetSigned(&s.last_fetch) && r.GetString(&s.etag) &&
                  r.GetString(&s.last_modified) &&
                  r.GetFixed64(&s.content_hash) && GetKey(r, &s.article_key) &&
                  r.GetVarint(&s.page_id) && r.GetSigned(&s.next_revisit) &&
                  r.GetByte(&kind) &&
                  kind <= static_cast<std::uint8_t>(UrlKind::kOther) &&
                  r.GetVarintAs(&s.fail_count) && r.GetVarintAs(&s.fetch_count) &&
                  (format == kFormat1 || r.GetString(&s.rules_fingerprint)) &&
                  r.empty();
  if (!ok) return Malformed("url state");
  s.kind = static_cast<UrlKind>(kind);
  return s;
}

void EncodeFrontierEntry(const FrontierEntry& e, std::string* out) {
  out->clear();
  ByteWriter w(out);
  w.PutByte(kFormat1);
  w.PutBytes(e.host);
  w.PutBytes(e.site);
  w.PutByte(static_cast<std::uint8_t>(e.priority));
  w.PutByte(static_cast<std::uint8_t>(e.kind));
  w.PutSigned(e.depth);
  w.PutSigned(e.not_before);
  w.PutFixed64(e.seq);
}

Result<FrontierEntry> DecodeFrontierEntry(std::string_view url,
                                          std::string_view value) {
  ByteReader r(value);
  FrontierEntry e;
  e.url.assign(url);
  std::uint8_t format = 0;
  std::uint8_t priority = 0;
  std::uint8_t kind = 0;
  std::int64_t depth = 0;
  const bool ok =
      r.GetByte(&format) && format == kFormat1 && r.GetString(&e.host) &&
      r.GetString(&e.site) && r.GetByte(&priority) &&
      priority <= static_cast<std::uint8_t>(FrontierPriority::kOther) &&
      r.GetByte(&kind) && kind <= static_cast<std::uint8_t>(UrlKind::kOther) &&
      r.GetSigned(&depth) && depth >= INT32_MIN && depth <= INT32_MAX &&
      r.GetSigned(&e.not_before) && r.GetFixed64(&e.seq) && r.empty();
  if (!ok) return Malformed("frontier");
  e.priority = static_cast<FrontierPriority>(priority);
  e.kind = static_cast<UrlKind>(kind);
  e.depth = static_cast<std::int32_t>(depth);
  return e;
}

std::string EncodePageId(std::uint64_t id) {
  std::string key;
  ByteWriter(&key).PutFixed64(id);
  return key;
}

std::uint64_t DecodePageId(std::string_view key) {
  std::uint64_t id = 0;
  ByteReader r(key);
  if (key.size() != 8 || !r.GetFixed64(&id)) return 0;
  return id;
}

}  // namespace newscrawl
