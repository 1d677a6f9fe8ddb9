// Url: an absolute http(s) URL in canonical form, so that one page has one
// spelling and is fetched once.  Parsing goes through libcurl's URL API
// (CURLU); canonicalisation then
//   - lower-cases scheme and host, converts IDN hosts to punycode (UTS #46),
//     drops a trailing dot of the host, user:password and default ports;
//   - drops the fragment and resolves dot-segments ("/a/./b/../c" -> "/a/c");
//   - normalises percent-encoding: unreserved characters are decoded
//     ("%7E" -> "~"), other escapes get upper-case hex, bytes that must be
//     escaped (spaces, non-ASCII, invalid UTF-8, stray '%') are escaped;
//   - removes tracking parameters (utm_*, fbclid, gclid, ...) and empty
//     parameters from the query and sorts the rest by name (the order of
//     repeated names is kept); an empty query is dropped.
// Only http and https are accepted; inputs over kMaxUrlBytes are TooLarge.
//
// Thread safety: a Url is an immutable value.
#ifndef NEWSCRAWL_CRAWLER_URL_H_
#define NEWSCRAWL_CRAWLER_URL_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config/result.h"

namespace newscrawl {

// Longer URLs (input or canonical form) are rejected with TooLarge.
inline constexpr std::size_t kMaxUrlBytes = 8 * 1024;

class Url {
 public:
  // Parses an absolute http or https URL.  Errors: InvalidArgument (not a
  // URL, bad host), Unsupported (another scheme), TooLarge.
  static Result<Url> Parse(std::string_view text);

  // Resolves `ref` (an href, possibly relative) against `base`, which is
  // the page URL or, if the page has one, its <base href> already resolved
  // against the page URL.  An empty ref or a fragment-only ref yields
  // `base`.  Same errors as Parse ("mailto:", "javascript:" are
  // Unsupported).
  static Result<Url> Resolve(const Url& base, std::string_view ref);

  // The canonical form: "https://xn--bcher-kva.de/a/b?x=1".
  const std::string& spec() const { return spec_; }
  const std::string& scheme() const { return scheme_; }  // "http" | "https"
  const std::string& host() const { return host_; }      // "[::1]" for IPv6
  // The port, explicit or default (80, 443).
  int port() const { return port_; }
  const std::string& path() const { return path_; }    // never empty
  const std::string& query() const { return query_; }  // without '?'
  // path + ("?" + query if any): what robots.txt rules match against.
  std::string PathAndQuery() const;
  // "scheme://host[:port]" (port only if not default): the robots.txt and
  // politeness key.
  std::string Origin() const;

  friend bool operator==(const Url& a, const Url& b) {
    return a.spec_ == b.spec_;
  }

 private:
  Url() = default;
  static Result<Url> FromCurl(std::string_view base, std::string_view ref);

  std::string spec_;
  std::string scheme_;
  std::string host_;
  int port_ = 0;
  std::string path_;
  std::string query_;
};

// Canonical form of a bare host name: lower-case ASCII, IDN to punycode,
// trailing dot dropped.  InvalidArgument for a name IDNA rejects.
Result<std::string> CanonicalHost(std::string_view host);

// True if `host` (canonical) equals one of `allowed_hosts` or is a
// subdomain of one.  A leading "www." of an allowed host is ignored, so
// "www.x.vn" allows "x.vn", "www.x.vn" and "m.x.vn".  Comparison is
// case-insensitive.
bool HostAllowed(std::string_view host,
                 const std::vector<std::string>& allowed_hosts);

// True for query parameter names that only track visitors (utm_*, fbclid,
// gclid, ...); case-insensitive.
bool IsTrackingParameter(std::string_view name);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_URL_H_
