// Digests as WARC writes them: "sha1:" followed by the SHA-1 of the data in
// RFC 4648 base32 (32 characters, upper case, no padding), the form used by
// wget, Heritrix and Common Crawl for WARC-Block-Digest and
// WARC-Payload-Digest.  SHA-1 comes from OpenSSL's libcrypto.
#ifndef NEWSCRAWL_STORE_WARC_DIGEST_H_
#define NEWSCRAWL_STORE_WARC_DIGEST_H_

#include <string>
#include <string_view>

namespace newscrawl {

// The 20-byte SHA-1 of `data`.
std::string Sha1(std::string_view data);

// RFC 4648 base32 of `bytes`, upper case, without '=' padding.
std::string Base32(std::string_view bytes);

// "sha1:" + Base32(Sha1(data)).
std::string WarcSha1Digest(std::string_view data);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_WARC_DIGEST_H_
