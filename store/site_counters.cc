#include "store/site_counters.h"

#include "store/byte_coding.h"

namespace newscrawl {

void EncodeSiteCounters(const SiteCounters& c, std::string* out) {
  out->clear();
  ByteWriter w(out);
  w.PutByte(1);
  w.PutSigned(c.pages);
  w.PutSigned(c.raw_bytes);
  w.PutSigned(c.stored_bytes);
  w.PutSigned(c.articles);
  w.PutSigned(c.duplicates);
}

Result<SiteCounters> DecodeSiteCounters(std::string_view value) {
  ByteReader r(value);
  SiteCounters c;
  std::uint8_t format = 0;
  if (!r.GetByte(&format) || format != 1 || !r.GetSigned(&c.pages) ||
      !r.GetSigned(&c.raw_bytes) || !r.GetSigned(&c.stored_bytes) ||
      !r.GetSigned(&c.articles) || !r.GetSigned(&c.duplicates) || !r.empty()) {
    return Status::Corruption("malformed site counters");
  }
  return c;
}

}  // namespace newscrawl
