#include "crawler/url.h"

#include <curl/curl.h>
#include <unicode/uidna.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "config/ascii.h"
#include "crawler/percent_encoding.h"

namespace newscrawl {
namespace {

struct CurluDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using CurluPtr = std::unique_ptr<CURLU, CurluDeleter>;

struct CurlStringDeleter {
  void operator()(char* s) const { curl_free(s); }
};
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  });
}

// The query in canonical form: no tracking or empty parameters, escapes
// normalised, stably sorted by name.
std::string CanonicalQuery(std::string_view query) {
  std::vector<std::string> params;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view param = query.substr(start, end - start);
    start = end + 1;
    if (param.empty() || param == "=") continue;
    const std::string_view name = param.substr(0, param.find('='));
    if (IsTrackingParameter(name)) continue;
    params.push_back(NormalizePercentEncoding(param));
  }
  auto name_of = [](const std::string& p) {
    return std::string_view(p).substr(0, p.find('='));
  };
  std::stable_sort(params.begin(), params.end(),
                   [&](const std::string& a, const std::string& b) {
                     return name_of(a) < name_of(b);
                   });
  std::string out;
  for (const std::string& p : params) {
    if (!out.empty()) out.push_back('&');
    out += p;
  }
  return out;
}

const UIDNA* Idna() {
  static const UIDNA* const idna = [] {
    UErrorCode error = U_ZERO_ERROR;
    const UIDNA* p =
        uidna_openUTS46(UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_CHECK_BIDI |
                            UIDNA_CHECK_CONTEXTJ,
                        &error);
    return U_FAILURE(error) ? nullptr : p;
  }();
  return idna;
}

bool IsSchemeChar(char c, bool first) {
  const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (first) return alpha;
  return alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// Length of a leading "scheme:" (without the colon), or 0.
std::size_t SchemeLength(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ':') return i;
    if (!IsSchemeChar(s[i], i == 0)) return 0;
  }
  return 0;
}

// Cleans raw input into an ASCII URL or reference that libcurl accepts:
// whitespace trimmed, tabs and newlines removed, fragment cut, IDN host in
// punycode, user info dropped, path and query escapes normalised.
Result<std::string> Prepare(std::string_view text, bool allow_relative) {
  if (text.size() > kMaxUrlBytes) {
    return Status::TooLarge("URL longer than " + std::to_string(kMaxUrlBytes) +
                            " bytes");
  }
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= 0x20) {
    text.remove_prefix(1);
  }
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= 0x20) {
    text.remove_suffix(1);
  }
  std::string s;
  s.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (u < 0x20 || u == 0x7f) {
      return Status::InvalidArgument("control character in URL");
    }
    s.push_back(c);
  }
  s.erase(std::min(s.find('#'), s.size()));

  std::string out;
  std::size_t pos = 0;
  const std::size_t scheme_len = SchemeLength(s);
  if (scheme_len > 0) {
    const std::string scheme = AsciiLower(s.substr(0, scheme_len));
    if (scheme != "http" && scheme != "https") {
      return Status::Unsupported("not an http(s) URL: scheme " + scheme);
    }
    out = scheme + ":";
    pos = scheme_len + 1;
  }
  auto is_slash = [](char c) { return c == '/' || c == '\\'; };
  const bool has_authority =
      s.size() >= pos + 2 && is_slash(s[pos]) && is_slash(s[pos + 1]);
  if (!has_authority && (scheme_len > 0 || !allow_relative)) {
    return Status::InvalidArgument("not an absolute http(s) URL");
  }
  if (has_authority) {
    pos += 2;
    std::size_t end = s.find_first_of("/\\?", pos);
    if (end == std::string::npos) end = s.size();
    std::string_view authority = std::string_view(s).substr(pos, end - pos);
    const std::size_t at = authority.rfind('@');
    if (at != std::string_view::npos) authority.remove_prefix(at + 1);
    std::string_view host = authority;
    std::string_view port;
    if (!host.empty() && host.front() != '[') {
      const std::size_t colon = host.find(':');
      if (colon != std::string_view::npos) {
        port = host.substr(colon);
        host = host.substr(0, colon);
      }
    }
    if (host.empty()) return Status::InvalidArgument("URL without a host");
    out += "//";
    if (IsAscii(host)) {
      out += host;
    } else {
      NEWSCRAWL_ASSIGN_OR_RETURN(std::string ascii, CanonicalHost(host));
      out += ascii;
    }
    out += port;
    pos = end;
  }
  const std::size_t q = s.find('?', pos);
  std::string path = s.substr(pos, q == std::string::npos ? q : q - pos);
  std::replace(path.begin(), path.end(), '\\', '/');
  out += NormalizePercentEncoding(path);
  if (q != std::string::npos) {
    out += '?';
    out += NormalizePercentEncoding(std::string_view(s).substr(q + 1));
  }
  return out;
}

Status CurlUrlError(CURLUcode code) {
  return Status::InvalidArgument(std::string("bad URL: ") +
                                 curl_url_strerror(code));
}

Result<std::string> GetPart(CURLU* u, CURLUPart part, unsigned flags,
                            bool optional) {
  char* raw = nullptr;
  const CURLUcode rc = curl_url_get(u, part, &raw, flags);
  CurlString owned(raw);
  if (rc != CURLUE_OK) {
    if (optional) return std::string();
    return CurlUrlError(rc);
  }
  return std::string(raw);
}

bool IsUnreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

// A path-absolute reference ("/cong-doan/tin-123.html", "/list?page=2")
// that every canonicalisation step leaves as it is: unreserved characters
// and '/' in the path, no empty or dot segments, unreserved characters and
// '=' '&' in the query.  Most links of a news page are like that; they are
// resolved without a parser.  Anything else returns false and goes
// through libcurl.  Splits at '?' (the fragment already cut).
bool SplitPlainPath(std::string_view ref, std::string_view* path,
                    std::string_view* query) {
  if (ref.empty() || ref.front() != '/') return false;
  const std::size_t q = ref.find('?');
  *path = ref.substr(0, q);
  *query = q == std::string_view::npos ? std::string_view() : ref.substr(q + 1);
  std::size_t segment_start = 1;
  for (std::size_t i = 1; i <= path->size(); ++i) {
    if (i < path->size() && (*path)[i] != '/') {
      if (!IsUnreserved((*path)[i])) return false;
      continue;
    }
    const std::string_view segment =
        path->substr(segment_start, i - segment_start);
    const bool last = i == path->size();
    if ((segment.empty() && !last) || segment == "." || segment == "..") {
      return false;
    }
    segment_start = i + 1;
  }
  return std::all_of(query->begin(), query->end(), [](char c) {
    return IsUnreserved(c) || c == '=' || c == '&';
  });
}

}  // namespace

Result<Url> Url::Parse(std::string_view text) { return FromCurl({}, text); }

Result<Url> Url::Resolve(const Url& base, std::string_view ref) {
  std::string_view trimmed = ref;
  while (!trimmed.empty() &&
         static_cast<unsigned char>(trimmed.front()) <= 0x20) {
    trimmed.remove_prefix(1);
  }
  if (trimmed.empty() || trimmed.front() == '#') return base;
  // Fast path: a plain same-origin link ("/a/b.html", or the base's own
  // origin followed by one) takes the base's scheme, host and port.
  std::string_view local = ref.substr(0, ref.find('#'));
  const std::string origin = base.Origin();
  if (local.size() > origin.size() && local.compare(0, origin.size(), origin) == 0 &&
      local[origin.size()] == '/') {
    local.remove_prefix(origin.size());
  }
  std::string_view path;
  std::string_view query;
  if (local.size() < kMaxUrlBytes / 2 && SplitPlainPath(local, &path, &query)) {
    Url url;
    url.scheme_ = base.scheme_;
    url.host_ = base.host_;
    url.port_ = base.port_;
    url.path_ = std::string(path);
    url.query_ = CanonicalQuery(query);
    url.spec_ = origin;
    url.spec_.append(url.path_);
    if (!url.query_.empty()) url.spec_.append("?").append(url.query_);
    return url;
  }
  return FromCurl(base.spec_, ref);
}

Result<Url> Url::FromCurl(std::string_view base, std::string_view ref) {
  const bool relative_ok = !base.empty();
  NEWSCRAWL_ASSIGN_OR_RETURN(std::string prepared, Prepare(ref, relative_ok));
  CurluPtr u(curl_url());
  if (!u) return Status::Internal("curl_url: out of memory");
  if (!base.empty()) {
    const CURLUcode rc =
        curl_url_set(u.get(), CURLUPART_URL, std::string(base).c_str(), 0);
    if (rc != CURLUE_OK) return CurlUrlError(rc);
  }
  const CURLUcode rc =
      curl_url_set(u.get(), CURLUPART_URL, prepared.c_str(), 0);
  if (rc != CURLUE_OK) return CurlUrlError(rc);

  Url url;
  NEWSCRAWL_ASSIGN_OR_RETURN(std::string scheme,
                             GetPart(u.get(), CURLUPART_SCHEME, 0, false));
  url.scheme_ = AsciiLower(scheme);
  if (url.scheme_ != "http" && url.scheme_ != "https") {
    return Status::Unsupported("not an http(s) URL: scheme " + url.scheme_);
  }
  NEWSCRAWL_ASSIGN_OR_RETURN(std::string host,
                             GetPart(u.get(), CURLUPART_HOST, 0, false));
  if (!host.empty() && host.front() == '[') {
    url.host_ = AsciiLower(host);
  } else {
    NEWSCRAWL_ASSIGN_OR_RETURN(url.host_, CanonicalHost(host));
  }
  NEWSCRAWL_ASSIGN_OR_RETURN(
      std::string port,
      GetPart(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT, false));
  url.port_ = std::atoi(port.c_str());
  NEWSCRAWL_ASSIGN_OR_RETURN(std::string path,
                             GetPart(u.get(), CURLUPART_PATH, 0, false));
  if (path.empty() || path.front() != '/') path = "/" + path;
  url.path_ = NormalizePercentEncoding(path);
  NEWSCRAWL_ASSIGN_OR_RETURN(std::string query,
                             GetPart(u.get(), CURLUPART_QUERY, 0, true));
  url.query_ = CanonicalQuery(query);

  url.spec_ = url.Origin() + url.PathAndQuery();
  if (url.spec_.size() > kMaxUrlBytes) {
    return Status::TooLarge("URL longer than " + std::to_string(kMaxUrlBytes) +
                            " bytes");
  }
  return url;
}

std::string Url::PathAndQuery() const {
  std::string out = path_;
  if (!query_.empty()) out.append("?").append(query_);
  return out;
}

std::string Url::Origin() const {
  const int default_port = scheme_ == "https" ? 443 : 80;
  std::string out;
  out.reserve(scheme_.size() + host_.size() + 10);
  out.append(scheme_).append("://").append(host_);
  if (port_ != default_port) out.append(":").append(std::to_string(port_));
  return out;
}

Result<std::string> CanonicalHost(std::string_view host) {
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty()) return Status::InvalidArgument("empty host name");
  if (IsAscii(host) && host.find("xn--") == std::string_view::npos &&
      host.find("XN--") == std::string_view::npos) {
    std::string out = AsciiLower(host);
    for (char c : out) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_';
      if (!ok) {
        return Status::InvalidArgument("bad character in host name: " + out);
      }
    }
    return out;
  }
  const UIDNA* idna = Idna();
  if (idna == nullptr) return Status::Internal("ICU IDNA unavailable");
  if (host.size() > 1024) return Status::InvalidArgument("host name too long");
  char buffer[2048];
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  UErrorCode error = U_ZERO_ERROR;
  const int32_t n = uidna_nameToASCII_UTF8(
      idna, host.data(), static_cast<int32_t>(host.size()), buffer,
      static_cast<int32_t>(sizeof(buffer)), &info, &error);
  if (U_FAILURE(error) || info.errors != 0 || n <= 0 ||
      static_cast<std::size_t>(n) >= sizeof(buffer)) {
    return Status::InvalidArgument("invalid international host name");
  }
  return AsciiLower(std::string_view(buffer, static_cast<std::size_t>(n)));
}

bool HostAllowed(std::string_view host,
                 const std::vector<std::string>& allowed_hosts) {
  const std::string h = AsciiLower(host);
  for (const std::string& allowed : allowed_hosts) {
    std::string a = AsciiLower(allowed);
    while (!a.empty() && a.back() == '.') a.pop_back();
    if (a.empty()) continue;
    if (h == a) return true;
    std::string_view base = a;
    if (base.substr(0, 4) == "www." && base.size() > 4) base.remove_prefix(4);
    if (h == base) return true;
    if (h.size() > base.size() && h[h.size() - base.size() - 1] == '.' &&
        std::string_view(h).substr(h.size() - base.size()) == base) {
      return true;
    }
  }
  return false;
}

bool IsTrackingParameter(std::string_view name) {
  static constexpr std::string_view kExact[] = {
      "fbclid", "gclid",   "gclsrc",     "dclid",
      "gbraid", "wbraid",  "msclkid",    "mc_cid",
      "mc_eid", "_ga",     "_gl",        "yclid",
      "zarsrc", "igshid",  "mkt_tok",    "_hsenc",
      "_hsmi",  "vero_id", "oly_enc_id", "oly_anon_id",
      "twclid", "ttclid",  "srsltid",    "__twitter_impression"};
  const std::string lower = AsciiLower(name);
  if (lower.rfind("utm_", 0) == 0) return true;
  return std::find(std::begin(kExact), std::end(kExact), lower) !=
         std::end(kExact);
}

}  // namespace newscrawl
