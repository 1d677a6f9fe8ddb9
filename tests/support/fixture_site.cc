#include "tests/support/fixture_site.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string_view>

namespace newscrawl::testing {
namespace {

// --- Vocabulary (written for these fixtures) --------------------------------

constexpr std::array<std::string_view, 10> kSubjects = {
    "Công đoàn quận Hà Đông",
    "Liên đoàn Lao động thành phố",
    "Ban chấp hành công đoàn cơ sở",
    "Công đoàn ngành Giáo dục",
    "Công đoàn các khu công nghiệp và chế xuất",
    "Công đoàn Viên chức thành phố",
    "Ban nữ công Liên đoàn Lao động huyện Đông Anh",
    "Công đoàn ngành Xây dựng",
    "Đoàn viên Công ty cổ phần May Thăng Long",
    "Công đoàn Tổng công ty Vận tải"};
constexpr std::array<std::string_view, 8> kVerbs = {
    "đã tổ chức", "vừa phối hợp tổ chức", "triển khai", "tích cực tham gia",
    "đã trao tặng", "tiếp tục thực hiện", "chủ động đề xuất", "sơ kết"};
constexpr std::array<std::string_view, 10> kObjects = {
    "chương trình Tết sum vầy",
    "hội nghị đối thoại với người sử dụng lao động",
    "lớp tập huấn kỹ năng thương lượng tập thể",
    "đợt khám sức khỏe miễn phí cho đoàn viên",
    "giải bóng đá công nhân lao động",
    "phong trào thi đua lao động giỏi",
    "mô hình bữa cơm ca đủ dinh dưỡng",
    "quỹ hỗ trợ nhà ở cho công nhân",
    "cuộc thi tìm hiểu pháp luật lao động",
    "chuyến tham quan nghỉ dưỡng cho người lao động"};
constexpr std::array<std::string_view, 10> kTails = {
    "với sự tham gia của đông đảo đoàn viên và người lao động",
    "nhằm nâng cao đời sống tinh thần cho công nhân",
    "góp phần xây dựng quan hệ lao động hài hòa và ổn định",
    "theo kế hoạch đã được thông qua từ đầu năm",
    "tại trụ sở của Liên đoàn Lao động quận",
    "trong bối cảnh nhiều doanh nghiệp còn gặp khó khăn về đơn hàng",
    "dưới sự chủ trì của đồng chí Chủ tịch công đoàn",
    "bằng nguồn kinh phí xã hội hóa của các nhà hảo tâm",
    "và nhận được nhiều ý kiến đóng góp thiết thực",
    "để kịp thời bảo vệ quyền lợi chính đáng của đoàn viên"};
constexpr std::array<std::string_view, 8> kRemarks = {
    "Theo báo cáo, số đoàn viên được hỗ trợ năm nay tăng rõ rệt so với "
    "cùng kỳ.",
    "Nhiều công nhân cho biết đây là lần đầu họ được tư vấn trực tiếp về "
    "hợp đồng lao động.",
    "Đại diện doanh nghiệp cam kết sẽ xem xét điều chỉnh tiền lương trong "
    "quý tới.",
    "Các kiến nghị của người lao động đã được ghi nhận và chuyển tới cơ quan "
    "chức năng.",
    "Buổi làm việc diễn ra trong không khí cởi mở, thẳng thắn.",
    "Ban tổ chức cũng dành thời gian giải đáp thắc mắc về bảo hiểm xã hội.",
    "Kết thúc chương trình, nhiều tập thể và cá nhân được khen thưởng.",
    "Dự kiến mô hình này sẽ được nhân rộng ra các đơn vị khác trong năm "
    "sau."};
constexpr std::array<std::string_view, 6> kAuthors = {
    "Minh Anh", "Thu Hương", "Ngọc Lan", "Quang Huy", "Hải Yến", "Đức Thành"};

// Vietnamese letters and their ASCII base, for URL slugs.
constexpr std::array<std::pair<std::string_view, char>, 14> kFold = {{
    {"àáảãạăằắẳẵặâầấẩẫậ", 'a'},
    {"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a'},
    {"èéẻẽẹêềếểễệ", 'e'},
    {"ÈÉẺẼẸÊỀẾỂỄỆ", 'e'},
    {"ìíỉĩị", 'i'},
    {"ÌÍỈĨỊ", 'i'},
    {"òóỏõọôồốổỗộơờớởỡợ", 'o'},
    {"ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o'},
    {"ùúủũụưừứửữự", 'u'},
    {"ÙÚỦŨỤƯỪỨỬỮỰ", 'u'},
    {"ỳýỷỹỵ", 'y'},
    {"ỲÝỶỸỴ", 'y'},
    {"đ", 'd'},
    {"Đ", 'd'},
}};

std::size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

std::string Slug(std::string_view title) {
  std::string slug;
  for (std::size_t i = 0; i < title.size();) {
    const std::size_t n = Utf8Length(static_cast<unsigned char>(title[i]));
    const std::string_view ch = title.substr(i, n);
    i += n;
    char out = 0;
    if (n == 1) {
      const char c = ch[0];
      if (c >= 'a' && c <= 'z') out = c;
      if (c >= 'A' && c <= 'Z') out = static_cast<char>(c - 'A' + 'a');
      if (c >= '0' && c <= '9') out = c;
    } else {
      for (const auto& [letters, base] : kFold) {
        if (letters.find(ch) != std::string_view::npos) out = base;
      }
    }
    if (out != 0) {
      slug += out;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::uint64_t SplitMix(std::uint64_t* state) {
  std::uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

template <typename Array>
std::string_view Pick(const Array& words, std::uint64_t* state) {
  return words[SplitMix(state) % words.size()];
}

std::string Sentence(std::uint64_t* state) {
  std::string s(Pick(kSubjects, state));
  s += ' ';
  s += Pick(kVerbs, state);
  s += ' ';
  s += Pick(kObjects, state);
  s += ' ';
  s += Pick(kTails, state);
  s += '.';
  return s;
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Publication time of article `id`: every 5 hours from 2025-03-01 06:00
// +07:00, so dates and times vary.
std::time_t PublishedTime(int id) {
  constexpr std::time_t kStart = 1740783600;  // 2025-03-01T06:00:00+07:00
  return kStart + static_cast<std::time_t>(id) * 5 * 3600 + (id % 7) * 60;
}

std::string FormatTime(std::time_t t, const char* format, bool local_vn) {
  std::tm tm{};
  const std::time_t shifted = local_vn ? t + 7 * 3600 : t;
  gmtime_r(&shifted, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

std::string HttpDate(std::time_t t) {
  return FormatTime(t, "%a, %d %b %Y %H:%M:%S GMT", false);
}

std::string Etag(std::string_view body) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (char c : body) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"",
                static_cast<unsigned long long>(h));
  return buf;
}

int NewPerEdition(int articles) { return articles * 5 / 100 > 0 ? articles * 5 / 100 : 1; }

// Whether edition `e` edits article `id`: about 2% of the `existed`
// articles, at least one.
bool EditedIn(int id, int e, int existed) {
  const int count = existed / 50 > 0 ? existed / 50 : 1;
  for (int k = 0; k < count; ++k) {
    if (id == (e * 13 + k * 50) % existed) return true;
  }
  return false;
}

constexpr int kParagraphs = 5;

}  // namespace

FixtureSite::FixtureSite(const FixtureSiteOptions& options)
    : options_(options) {
  if (options_.articles < 2) options_.articles = 2;  // clutter needs others
  if (options_.now == 0) options_.now = static_cast<std::int64_t>(std::time(nullptr));
  const int total =
      options_.articles + options_.edition * NewPerEdition(options_.articles);
  articles_.reserve(static_cast<std::size_t>(total));
  for (int id = 0; id < total; ++id) {
    std::uint64_t state = options_.seed * std::uint64_t{1000003} +
                          static_cast<std::uint64_t>(id);
    FixtureArticle a;
    a.id = id;
    a.template_name = id % 2 == 0 ? "a" : "b";
    const int number = 120 + id * 7;  // makes titles and leads unique
    a.title = std::string(Pick(kSubjects, &state)) + " " +
              std::string(Pick(kVerbs, &state)) + " " +
              std::string(Pick(kObjects, &state)) + " cho " +
              std::to_string(number) + " đoàn viên";
    a.path = std::string(id % 2 == 0 ? "/cong-doan/" : "/viec-lam/") +
             Slug(a.title) + "-" + std::to_string(1000 + id) + ".html";
    a.url = options_.base_url + a.path;
    a.published = FormatTime(PublishedTime(id), "%Y-%m-%dT%H:%M:00+07:00", true);
    a.author = std::string(kAuthors[static_cast<std::size_t>(id) % kAuthors.size()]);
    a.lead = "Ngày " + FormatTime(PublishedTime(id), "%d/%m", true) + ", " +
             std::string(Pick(kSubjects, &state)) + " " +
             std::string(Pick(kVerbs, &state)) + " " +
             std::string(Pick(kObjects, &state)) + " với tổng kinh phí " +
             std::to_string(number) + " triệu đồng.";
    std::vector<std::string> paragraphs;
    for (int p = 0; p < kParagraphs; ++p) {
      std::string text = Sentence(&state) + " " + Sentence(&state) + " " +
                         std::string(Pick(kRemarks, &state));
      paragraphs.push_back(std::move(text));
    }
    for (int e = 1; e <= options_.edition; ++e) {
      const int existed =
          options_.articles + (e - 1) * NewPerEdition(options_.articles);
      if (id < existed && EditedIn(id, e, existed)) {
        paragraphs[1] += " Bài viết được cập nhật thêm thông tin lần thứ " +
                         std::to_string(e) + ".";
        a.edited_in = e;
      }
    }
    a.modified = FormatTime(ModifiedTime(a), "%Y-%m-%dT%H:%M:%S+07:00", true);
    a.body = a.lead;
    for (const std::string& p : paragraphs) a.body += "\n\n" + p;
    by_path_[a.path] = articles_.size();
    articles_.push_back(std::move(a));
    paragraphs_.push_back(std::move(paragraphs));
    captions_.push_back("Ảnh minh họa: quang cảnh buổi làm việc số " +
                        std::to_string(number));
  }
  // Clutter lists need every title, so they are filled in a second pass.
  for (FixtureArticle& a : articles_) {
    for (const FixtureArticle* other : Others(a.id, 6)) {
      a.clutter.push_back(other->title);
    }
    for (const FixtureArticle* other : Others(a.id, 6)) {
      if (a.template_name == "b") a.clutter.push_back(other->lead);
    }
    if (options_.unlabeled_box_every > 0 && a.template_name == "a") {
      const std::vector<const FixtureArticle*> others = Others(a.id, 6);
      for (std::size_t k = 4; k < 6; ++k) a.clutter.push_back(others[k]->lead);
      a.unlabeled_box = (a.id / 2) % options_.unlabeled_box_every == 0;
    }
    a.clutter.push_back(captions_[static_cast<std::size_t>(a.id)]);
    a.clutter.push_back("Chia sẻ bài viết lên Facebook");
    a.clutter.push_back(a.template_name == "a" ? "Tin khác"
                                               : "Có thể bạn quan tâm");
    a.clutter.push_back("Phiên bản di động");
  }
}

std::time_t FixtureSite::ModifiedTime(const FixtureArticle& a) const {
  if (a.edited_in <= 0) return PublishedTime(a.id);
  if (a.edited_in == options_.edition) return static_cast<std::time_t>(options_.now);
  return PublishedTime(a.id) + a.edited_in * 86400;
}

std::vector<const FixtureArticle*> FixtureSite::Others(int id,
                                                        int count) const {
  // Drawn from the edition-0 articles only, so an article's clutter (and
  // its ETag) stays the same from night to night unless it is edited.  A
  // tiny site repeats headlines, as real boxes do.
  std::vector<const FixtureArticle*> out;
  const int n = options_.articles;
  if (n < 2) return out;
  const int step = n % 3 != 0 ? 3 : 1;  // visits every other article
  for (int k = 1; static_cast<int>(out.size()) < count; ++k) {
    const int other = (id + k * step) % n;
    if (other != id) out.push_back(&articles_[static_cast<std::size_t>(other)]);
  }
  return out;
}

const FixtureArticle* FixtureSite::FindArticle(const std::string& path) const {
  auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : &articles_[it->second];
}

std::vector<std::string> FixtureSite::DisallowedPaths() {
  return {"/admin/dang-nhap", "/tim-kiem?q=cong-doan"};
}

namespace {

std::string Header(const std::string& title, const std::string& extra_head) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>" + HtmlEscape(title) + " - Báo Công Đoàn Thủ Đô Mẫu</title>\n" +
      extra_head +
      "<script>window.dataLayer = window.dataLayer || [];</script>\n"
      "</head>\n<body>\n"
      "<header class=\"site-header\"><a class=\"logo\" href=\"/\">Công Đoàn "
      "Thủ Đô Mẫu</a>\n<nav class=\"main-menu\"><ul>"
      "<li><a href=\"/\">Trang chủ</a></li>"
      "<li><a href=\"/chuyen-muc/tin-tuc?page=1\">Tin tức</a></li>"
      "<li><a href=\"/chuyen-muc/tin-tuc?page=1\">Công đoàn</a></li>"
      "<li><a href=\"/chuyen-muc/tin-tuc?page=1\">Việc làm</a></li>"
      "</ul></nav></header>\n";
  return h;
}

std::string Footer() {
  return "<footer class=\"site-footer\"><p>Cơ quan chủ quản: Liên đoàn Lao "
         "động mẫu. Giấy phép số 00/GP-MẪU.</p>"
         "<p><a href=\"/\">Phiên bản di động</a> | <a href=\"/\">Liên hệ "
         "quảng cáo</a></p></footer>\n</body>\n</html>\n";
}

std::string ShareBar() {
  return "<div class=\"social-share\"><a href=\"https://facebook.invalid/"
         "share\">Chia sẻ bài viết lên Facebook</a> <a href=\"https://"
         "zalo.invalid/share\">Zalo</a> <a href=\"#\" class=\"print\">In bài "
         "viết</a></div>\n";
}

}  // namespace

std::string FixtureSite::ArticleHtml(const FixtureArticle& a) const {
  const auto& paragraphs = paragraphs_[static_cast<std::size_t>(a.id)];
  const std::string& caption = captions_[static_cast<std::size_t>(a.id)];
  const std::vector<const FixtureArticle*> others = Others(a.id, 6);
  const std::string visible_date =
      FormatTime(PublishedTime(a.id), "%d/%m/%Y %H:%M", true);
  std::string h;
  if (a.template_name == "a") {
    h = Header(a.title,
               "<meta property=\"og:title\" content=\"" + HtmlEscape(a.title) +
                   "\">\n<meta property=\"article:published_time\" content=\"" +
                   a.published + "\">\n<link rel=\"canonical\" href=\"" +
                   a.url + "\">\n");
    h += "<div class=\"container\"><div class=\"col-main\">\n"
         "<article class=\"article-detail\">\n<h1 class=\"article-title\">" +
         HtmlEscape(a.title) + "</h1>\n<div class=\"article-meta\"><span "
         "class=\"cat\">Công đoàn</span> <span class=\"time\">" +
         visible_date + "</span></div>\n" + ShareBar() +
         "<div class=\"sapo\"><strong>(LĐTĐ)</strong> " + HtmlEscape(a.lead) +
         "</div>\n<div class=\"article-content\">\n";
    // Inline related box right after the lead: slug alt texts and titles
    // running together.
    h += "<div class=\"box-related\">";
    for (int k = 0; k < 2; ++k) {
      const FixtureArticle* o = others[static_cast<std::size_t>(k)];
      h += "<a href=\"" + o->path + "\"><img src=\"/anh/" +
           std::to_string(o->id) + ".jpg\" alt=\"" + Slug(o->title) +
           "\"></a><a href=\"" + o->path + "\">" + HtmlEscape(o->title) +
           "</a>";
    }
    h += "</div>\n";
    for (std::size_t p = 0; p < paragraphs.size(); ++p) {
      h += "<p>" + HtmlEscape(paragraphs[p]) + "</p>\n";
      if (p == 1) {
        h += "<figure class=\"image\"><img src=\"/anh/bai-" +
             std::to_string(a.id) + ".jpg\" alt=\"\"><figcaption>" +
             HtmlEscape(caption) + "</figcaption></figure>\n"
             "<p><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" "
             "alt=\"\"></p>\n";
      }
      if (p == 2 && options_.unlabeled_box_every > 0) {
        // Other stories inside the text, headed on most pages only.
        h += "<div class=\"khung-bai\">";
        if (!a.unlabeled_box) h += "<p class=\"khung-tieu-de\">Tin khác</p>";
        for (std::size_t k = 4; k < 6; ++k) {
          h += "<p><a href=\"" + others[k]->path + "\">" +
               HtmlEscape(others[k]->title) + "</a></p><p>" +
               HtmlEscape(others[k]->lead) + "</p>";
        }
        h += "</div>\n";
      }
    }
    h += "<p class=\"author\" style=\"text-align:right\"><strong>" +
         a.author + "</strong></p>\n</div>\n</article>\n";
    h += "<div class=\"tin-khac\"><h3 class=\"box-title\">Tin khác</h3><ul>";
    for (std::size_t k = 2; k < others.size(); ++k) {
      const FixtureArticle* o = others[k];
      h += "<li><a href=\"" + o->path + "\">" + HtmlEscape(o->title) +
           "</a><p class=\"cat-time\">Hoạt động " +
           FormatTime(PublishedTime(o->id), "%d/%m/%Y %H:%M", true) +
           "</p></li>";
    }
    h += "</ul></div>\n</div>\n<aside class=\"sidebar\"><h3>Đọc nhiều</h3>"
         "<ol>";
    for (std::size_t k = 0; k < 2; ++k) {
      h += "<li><a href=\"" + others[k]->path + "\">" +
           HtmlEscape(others[k]->title) + "</a></li>";
    }
    h += "</ol></aside>\n</div>\n";
  } else {
    const std::string json_ld =
        "<script type=\"application/ld+json\">{\"@context\":\"https://"
        "schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"" +
        a.title + "\",\"datePublished\":\"" + a.published +
        "\",\"author\":{\"@type\":\"Person\",\"name\":\"" + a.author +
        "\"}}</script>\n";
    h = Header(a.title, json_ld);
    h += "<main class=\"main\"><div class=\"detail-wrap\">\n"
         "<div class=\"breadcrumb\"><a href=\"/\">Trang chủ</a> › <a "
         "href=\"/chuyen-muc/tin-tuc?page=1\">Việc làm</a></div>\n"
         "<h1 class=\"title\">" + HtmlEscape(a.title) + "</h1>\n"
         "<div class=\"info\"><span class=\"author\">" + a.author +
         "</span> <span class=\"date\">" + visible_date + " (GMT+7)</span>"
         "</div>\n<div class=\"chapeau\">(LĐO) - " + HtmlEscape(a.lead) +
         "</div>\n<div class=\"detail-body\" id=\"noi-dung\">\n";
    for (std::size_t p = 0; p < paragraphs.size(); ++p) {
      h += "<p>" + HtmlEscape(paragraphs[p]) + "</p>\n";
      if (p == 0) {
        h += "<div class=\"related-news\"><ul>";
        for (std::size_t k = 0; k < 2; ++k) {
          h += "<li><a href=\"" + others[k]->path + "\">" +
               HtmlEscape(others[k]->title) + "</a></li>";
        }
        h += "</ul></div>\n";
      }
      if (p == 2) {
        h += "<table class=\"image-box\"><tr><td><img src=\"/anh/bai-" +
             std::to_string(a.id) + ".jpg\" alt=\"" + HtmlEscape(caption) +
             "\"></td></tr><tr><td class=\"image-caption\">" +
             HtmlEscape(caption) + "</td></tr></table>\n";
      }
    }
    h += "</div>\n" + ShareBar() +
         "<div class=\"box-quan-tam\"><h2 class=\"box-head\">Có thể bạn "
         "quan tâm</h2>\n";
    for (std::size_t k = 2; k < 4; ++k) {
      const FixtureArticle* o = others[k];
      h += "<div class=\"item\"><a href=\"" + o->path + "\"><img src=\"/anh/" +
           std::to_string(o->id) + ".jpg\" alt=\"" + HtmlEscape(o->title) +
           "\"></a><h3><a href=\"" + o->path + "\">" + HtmlEscape(o->title) +
           "</a></h3><p>" + HtmlEscape(o->lead) + "</p></div>\n";
    }
    h += "</div>\n<div class=\"box-nen-xem\"><h2>Nên xem</h2>";
    for (std::size_t k = 4; k < others.size(); ++k) {
      const FixtureArticle* o = others[k];
      h += "<article class=\"story\"><a href=\"" + o->path + "\">" +
           HtmlEscape(o->title) + "</a><h3><a href=\"" + o->path + "\">" +
           HtmlEscape(o->title) + "</a></h3><p>" + HtmlEscape(o->lead) +
           "</p></article>";
    }
    h += "</div>\n<div class=\"comment-box\"><h3>Ý kiến bạn đọc</h3><form "
         "action=\"/binh-luan\" method=\"post\"><textarea name=\"noi_dung\">"
         "</textarea><button type=\"submit\">Gửi bình luận</button></form>"
         "</div>\n</div></main>\n";
  }
  h += Footer();
  return h;
}

std::string FixtureSite::HomeHtml() const {
  std::string h = Header("Trang chủ", "");
  h += "<main><h2>Tin mới nhất</h2><ul class=\"latest\">";
  const int n = static_cast<int>(articles_.size());
  for (int i = n - 1; i >= 0 && i >= n - 15; --i) {
    const FixtureArticle& a = articles_[static_cast<std::size_t>(i)];
    h += "<li><a href=\"" + a.path + "\">" + HtmlEscape(a.title) + "</a></li>";
  }
  h += "</ul><p><a href=\"/chuyen-muc/tin-tuc?page=1\">Xem tất cả</a></p>";
  for (const std::string& path : DisallowedPaths()) {
    h += "<p><a href=\"" + path + "\">" + path + "</a></p>";
  }
  h += "<p><a href=\"https://example.invalid/ngoai-trang\">Liên kết ngoài "
       "trang</a></p></main>\n";
  return h + Footer();
}

std::string FixtureSite::ListingHtml(int page) const {
  std::string h = Header("Tin tức - trang " + std::to_string(page), "");
  h += "<main><h1>Tin tức</h1><div class=\"list\">";
  const int n = static_cast<int>(articles_.size());
  const int first = n - 1 - (page - 1) * options_.per_listing;
  for (int i = first; i >= 0 && i > first - options_.per_listing; --i) {
    const FixtureArticle& a = articles_[static_cast<std::size_t>(i)];
    h += "<div class=\"item\"><h3><a href=\"" + a.path + "\">" +
         HtmlEscape(a.title) + "</a></h3><p>" + HtmlEscape(a.lead) +
         "</p></div>";
  }
  h += "</div>";
  if (first - options_.per_listing >= 0) {
    h += "<a class=\"next\" href=\"/chuyen-muc/tin-tuc?page=" +
         std::to_string(page + 1) + "\">Trang sau</a>";
  }
  h += "</main>\n";
  return h + Footer();
}

std::string FixtureSite::FeedXml() const {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">"
      "<channel><title>Công Đoàn Thủ Đô Mẫu</title><link>" +
      options_.base_url + "/</link>\n";
  const int n = static_cast<int>(articles_.size());
  for (int i = n - 1; i >= 0 && i >= n - 20; --i) {
    const FixtureArticle& a = articles_[static_cast<std::size_t>(i)];
    x += "<item><title>" + HtmlEscape(a.title) + "</title><link>" + a.url +
         "</link><pubDate>" +
         FormatTime(PublishedTime(a.id), "%a, %d %b %Y %H:%M:%S +0000", false) +
         "</pubDate></item>\n";
  }
  return x + "</channel></rss>\n";
}

std::string FixtureSite::SitemapXml() const {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://"
      "www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const FixtureArticle& a : articles_) {
    x += "<url><loc>" + a.url + "</loc><lastmod>" + a.modified +
         "</lastmod></url>\n";
  }
  return x + "</urlset>\n";
}

std::optional<FixturePage> FixtureSite::Page(const std::string& path) const {
  FixturePage page;
  std::time_t modified = PublishedTime(static_cast<int>(articles_.size()));
  if (path == "/robots.txt") {
    page.content_type = "text/plain";
    page.body = "User-agent: *\nDisallow: /admin/\nDisallow: /tim-kiem\n"
                "Sitemap: " + options_.base_url + "/sitemap.xml\n";
  } else if (path == "/" ) {
    page.content_type = "text/html; charset=utf-8";
    page.body = HomeHtml();
  } else if (path == "/rss.xml") {
    page.content_type = "application/rss+xml";
    page.body = FeedXml();
  } else if (path == "/sitemap.xml") {
    page.content_type = "application/xml";
    page.body = SitemapXml();
  } else if (path.rfind("/chuyen-muc/tin-tuc?page=", 0) == 0) {
    const int n = std::atoi(path.c_str() + 25);
    const int pages = (static_cast<int>(articles_.size()) +
                       options_.per_listing - 1) / options_.per_listing;
    if (n < 1 || n > pages) return std::nullopt;
    page.content_type = "text/html; charset=utf-8";
    page.body = ListingHtml(n);
  } else if (const FixtureArticle* a = FindArticle(path)) {
    page.content_type = "text/html; charset=utf-8";
    page.body = ArticleHtml(*a);
    modified = ModifiedTime(*a);
  } else {
    return std::nullopt;
  }
  page.etag = Etag(page.body);
  page.last_modified = HttpDate(modified);
  return page;
}

}  // namespace newscrawl::testing
