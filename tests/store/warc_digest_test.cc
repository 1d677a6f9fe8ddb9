#include "store/warc_digest.h"

#include <doctest/doctest.h>

namespace newscrawl {
namespace {

TEST_CASE("Base32 follows the RFC 4648 test vectors, without padding") {
  CHECK(Base32("") == "");
  CHECK(Base32("f") == "MY");
  CHECK(Base32("fo") == "MZXQ");
  CHECK(Base32("foo") == "MZXW6");
  CHECK(Base32("foob") == "MZXW6YQ");
  CHECK(Base32("fooba") == "MZXW6YTB");
  CHECK(Base32("foobar") == "MZXW6YTBOI");
}

TEST_CASE("WARC digests are sha1 in base32 as Common Crawl writes them") {
  CHECK(Sha1("abc").size() == 20);
  CHECK(WarcSha1Digest("abc") == "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
  // The digest of an empty payload, seen in every Common Crawl file.
  CHECK(WarcSha1Digest("") == "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
}

}  // namespace
}  // namespace newscrawl
