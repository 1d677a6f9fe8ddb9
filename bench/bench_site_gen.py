#!/usr/bin/env python3
"""Writes a static Vietnamese union-news site for bench/crawl_e2e.sh.

    bench_site_gen.py OUT_DIR --pages N [--per-listing 20] [--seed 1]

N article pages (30-80 KB each, like the real sites: menus, inline CSS and
scripts, share bars, "Tin khác" / "Có thể bạn quan tâm" / "Đọc nhiều" boxes
of other headlines, comment forms, footers), category listing pages with
pagination (/chuyen-muc/CAT/trang-K.html), a home page (/index.html) and a
robots.txt that disallows the search and account pages the header links to,
and the one stylesheet the pages link to (/static/main.css).
Every page also gets a pre-compressed NAME.gz for nginx's gzip_static.

All text is generated combinatorially from the vocabulary below, written for
this benchmark.  Deterministic for a given seed.  Standard library only.
Prints one line: "pages=N listings=L bytes=B" (B: uncompressed HTML).
"""

import argparse
import gzip
import os
import random
import sys
import time

CATEGORIES = [
    ("cong-doan", "Công đoàn"),
    ("viec-lam", "Việc làm"),
    ("phap-luat", "Pháp luật lao động"),
    ("doi-song", "Đời sống công nhân"),
    ("an-toan-lao-dong", "An toàn lao động"),
    ("nu-cong", "Nữ công"),
    ("thi-dua", "Thi đua khen thưởng"),
    ("thoi-su", "Thời sự"),
]

SUBJECTS = [
    "Công đoàn phường Tân Mai", "Liên đoàn Lao động tỉnh Bắc Giang",
    "Công đoàn cơ sở Nhà máy Sợi Phú Xuân", "Công đoàn ngành Y tế",
    "Ban nữ công Công đoàn Điện lực", "Công đoàn Khu kinh tế Nghi Sơn",
    "Đoàn viên Công ty Giày da Thành Đạt", "Công đoàn Bưu điện huyện Sóc Sơn",
    "Liên đoàn Lao động quận Long Biên", "Công đoàn ngành Công Thương",
    "Tổ công đoàn phân xưởng Cơ khí số 3", "Công đoàn trường Tiểu học Hoa Sen",
    "Ban Tuyên giáo Liên đoàn Lao động thành phố",
    "Công đoàn Công ty Thủy sản Sông Tiền",
]
VERBS = [
    "vừa tổ chức", "đã phối hợp triển khai", "mở đợt", "khai mạc",
    "tổng kết", "chính thức phát động", "đã trao", "ra quân",
    "kiến nghị sửa đổi", "hướng dẫn thực hiện", "thăm hỏi và tặng quà trong",
]
OBJECTS = [
    "tháng hành động về an toàn vệ sinh lao động",
    "hội thi tay nghề cho công nhân trẻ",
    "chương trình Mái ấm công đoàn",
    "đối thoại định kỳ về tiền lương và thưởng cuối năm",
    "lớp bồi dưỡng nghiệp vụ cho cán bộ công đoàn cơ sở",
    "phiên chợ nghĩa tình dành cho đoàn viên",
    "ngày hội văn hóa thể thao công nhân",
    "chuyến xe đưa công nhân về quê đón Tết",
    "đợt tư vấn pháp luật về bảo hiểm thất nghiệp",
    "cuộc khảo sát đời sống người lao động thuê trọ",
    "quỹ học bổng cho con đoàn viên vượt khó",
    "thỏa ước lao động tập thể nhóm doanh nghiệp",
]
TAILS = [
    "thu hút hàng trăm công nhân lao động tham gia",
    "nhằm chăm lo thiết thực cho đoàn viên có hoàn cảnh khó khăn",
    "theo chỉ đạo của Tổng Liên đoàn Lao động Việt Nam",
    "tại nhà văn hóa công nhân khu công nghiệp",
    "trong khi đơn hàng cuối năm của doanh nghiệp đang tăng mạnh",
    "với sự đồng hành của chính quyền địa phương",
    "sau nhiều tháng chuẩn bị của ban chấp hành",
    "bằng nguồn tài chính công đoàn và đóng góp của doanh nghiệp",
    "để người lao động yên tâm gắn bó lâu dài với đơn vị",
    "và được đông đảo đoàn viên hưởng ứng nhiệt tình",
]
REMARKS = [
    "Chị Lan, công nhân tổ may số 2, chia sẻ rằng khoản hỗ trợ giúp gia "
    "đình chị trang trải tiền học cho con.",
    "Theo đại diện ban chấp hành, mọi kiến nghị đều được tổng hợp và gửi "
    "tới lãnh đạo doanh nghiệp trong tuần.",
    "Số liệu cho thấy tỷ lệ đoàn viên được ký hợp đồng dài hạn đã tăng "
    "đáng kể so với năm trước.",
    "Nhiều ý kiến đề nghị cần sớm có thiết chế nhà ở xã hội cho công nhân "
    "thuê với giá hợp lý.",
    "Bên lề sự kiện, các bác sĩ còn khám và phát thuốc miễn phí cho người "
    "lao động lớn tuổi.",
    "Lãnh đạo Liên đoàn Lao động ghi nhận những cách làm sáng tạo của công "
    "đoàn cơ sở trong thời gian qua.",
    "Dịp này, ban tổ chức trao giấy khen cho các tập thể có thành tích xuất "
    "sắc trong phong trào thi đua.",
    "Hoạt động dự kiến được duy trì thường xuyên và mở rộng sang các khu "
    "nhà trọ lân cận.",
    "Một số doanh nghiệp cam kết điều chỉnh mức phụ cấp nặng nhọc từ quý "
    "tới.",
]
PLACES = [
    "Đông Anh", "Gia Lâm", "Thanh Trì", "Mê Linh", "Sóc Sơn", "Hoài Đức",
    "Thường Tín", "Phú Xuyên", "Ba Vì", "Quốc Oai", "Chương Mỹ", "Đan Phượng",
    "Thạch Thất", "Ứng Hòa", "Mỹ Đức", "Phúc Thọ", "Sơn Tây", "Cầu Giấy",
    "Hoàng Mai", "Thanh Xuân", "Bắc Ninh", "Hải Dương", "Vĩnh Phúc",
    "Thái Nguyên", "Nam Định", "Hưng Yên", "Ninh Bình", "Phú Thọ",
]
DETAILS = [
    "với %d suất quà, mỗi suất trị giá %d trăm nghìn đồng",
    "trong %d ngày, thu hút khoảng %d lượt người tham dự",
    "cho %d công nhân đang làm việc tại %d doanh nghiệp",
    "với tổng kinh phí hơn %d triệu đồng từ %d nguồn khác nhau",
    "sau %d buổi làm việc cùng %d đơn vị sử dụng lao động",
    "giúp %d gia đình đoàn viên ổn định cuộc sống trong %d tháng",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi",
          "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hạnh", "Hiếu",
         "Hòa", "Khoa", "Lan", "Long", "Mai", "Nam", "Nga", "Phong", "Quyên",
         "Sơn", "Thảo", "Tuấn", "Uyên", "Vinh", "Xuân", "Yến"]
TRADES = ["May mặc", "Cơ khí", "Điện tử", "Bao bì", "Thực phẩm", "Gỗ nội thất",
          "Da giày", "Linh kiện ô tô", "Nhựa", "Dệt nhuộm", "Xi măng",
          "Vận tải biển", "Dược phẩm", "Chế biến nông sản", "In ấn"]
BRANDS = ["Hưng Thịnh", "Phú Gia", "An Khang", "Tân Tiến", "Minh Phát",
          "Việt Hàn", "Đại Dương", "Sao Mai", "Thành Công", "Hồng Hà",
          "Kim Long", "Bảo Châu", "Trường Sơn", "Quang Trung", "Hải Âu",
          "Phương Nam", "Thiên Ân", "Đông Á", "Nam Việt", "Lạc Hồng"]
QUOTES = [
    "“Chúng tôi mong doanh nghiệp sớm có lộ trình tăng lương rõ ràng hơn,” "
    "%s nói.",
    "Theo %s, khó khăn lớn nhất hiện nay là chi phí nhà trọ và gửi trẻ.",
    "%s cho biết ban chấp hành sẽ tiếp tục giám sát việc thực hiện cam kết.",
    "Trao đổi với phóng viên, %s khẳng định mọi khoản hỗ trợ đều được công "
    "khai.",
    "%s đề nghị cơ quan chức năng tăng cường kiểm tra an toàn tại xưởng.",
    "Ngay sau buổi gặp, %s đã ghi lại từng ý kiến để báo cáo cấp trên.",
]
AUTHORS = ["Hoàng Mai", "Bảo Ngọc", "Trần Phúc", "Lê Vy", "Khánh Linh",
           "Văn Toàn", "Thanh Tâm"]
FOLD = {}
for letters, base in [
        ("àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", "a"),
        ("èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ", "e"), ("ìíỉĩịÌÍỈĨỊ", "i"),
        ("òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", "o"),
        ("ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ", "u"), ("ỳýỷỹỵỲÝỶỸỴ", "y"), ("đĐ", "d")]:
    for ch in letters:
        FOLD[ch] = base

START = 1735689600  # 2025-01-01T00:00:00Z; articles every 47 minutes


def slug(text):
    out = []
    for ch in text.lower():
        ch = FOLD.get(ch, ch)
        if "a" <= ch <= "z" or "0" <= ch <= "9":
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def esc(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def stamp(i):
    t = time.gmtime(START + i * 47 * 60 + 7 * 3600)
    return (time.strftime("%d/%m/%Y %H:%M", t),
            time.strftime("%Y-%m-%dT%H:%M:00+07:00", t))


class Site:
    def __init__(self, pages, per_listing, seed):
        self.pages = pages
        self.per_listing = per_listing
        self.seed = seed
        self.titles, self.paths, self.leads = [], [], []
        for i in range(pages):
            r = random.Random(seed * 1000003 + i)
            title = "%s %s %s cho %d đoàn viên" % (
                r.choice(SUBJECTS), r.choice(VERBS), r.choice(OBJECTS),
                50 + i * 3)
            cat = CATEGORIES[i % len(CATEGORIES)][0]
            self.titles.append(title)
            self.paths.append("/%s/%s-%d.html" % (cat, slug(title), 100000 + i))
            self.leads.append("%s %s %s, %s." % (
                r.choice(SUBJECTS), r.choice(VERBS), r.choice(OBJECTS),
                r.choice(TAILS)))
        # Articles of each category, newest first (the listing order).
        self.by_cat = [list(range(c, pages, len(CATEGORIES)))[::-1]
                       for c in range(len(CATEGORIES))]
        self.newest = list(range(pages - 1, max(-1, pages - 11), -1))
        pr = random.Random(seed)
        self.popular = pr.sample(range(pages), min(10, pages))

    def listing_pages(self, c):
        n = len(self.by_cat[c])
        return max(1, (n + self.per_listing - 1) // self.per_listing)

    # --- shared blocks -----------------------------------------------------
    def head(self, title, extra, r):
        css = "".join(
            ".b%d{margin:%dpx %dpx;padding:%dpx;font-size:%dpx;color:#%06x}"
            "\n" % (k, r.randint(0, 20), r.randint(0, 20), r.randint(0, 12),
                    r.randint(11, 22), r.randint(0, 0xFFFFFF))
            for k in range(r.randint(60, 140)))
        return (
            '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, '
            'initial-scale=1">\n<title>%s - Báo Người Lao Động Mẫu</title>\n'
            '%s<link rel="stylesheet" href="/static/main.css">\n'
            '<style>%s</style>\n<script>window.adsConfig={"zones":[%s]};'
            '</script>\n</head>\n<body>\n' % (
                esc(title), extra, css,
                ",".join('{"id":%d,"size":"%dx%d","lazy":true}' % (
                    k, r.choice([300, 728, 970]), r.choice([90, 250, 600]))
                    for k in range(r.randint(10, 30)))))

    def header(self, today):
        menu = "".join(
            '<li class="menu-item"><a href="/chuyen-muc/%s/trang-1.html">%s</a>'
            '<ul class="sub">%s</ul></li>' % (
                c, esc(name), "".join(
                    '<li><a href="/chuyen-muc/%s/trang-1.html">%s %d</a></li>' %
                    (c, esc(name), k) for k in range(1, 4)))
            for c, name in CATEGORIES)
        return (
            '<div class="top-bar"><span class="date">%s</span> '
            '<a href="/tai-khoan/dang-nhap.html">Đăng nhập</a> '
            '<form action="/tim-kiem.html"><input name="q"></form> '
            '<a href="/tim-kiem.html?q=cong-doan">Tìm kiếm</a></div>\n'
            '<header class="site-header"><a class="logo" href="/">Người Lao '
            'Động Mẫu</a>\n<nav class="main-menu"><ul><li><a href="/">Trang '
            'chủ</a></li>%s</ul></nav></header>\n' % (today, menu))

    def footer(self, r):
        links = "".join('<li><a href="/chuyen-muc/%s/trang-1.html">%s</a></li>'
                        % (c, esc(n)) for c, n in CATEGORIES)
        script = "".join(
            "ga('send','event','box%d','view',%d);\n" % (k, r.randint(1, 9999))
            for k in range(r.randint(40, 400)))
        return (
            '<footer class="site-footer"><ul class="footer-menu">%s</ul>'
            '<p>Cơ quan chủ quản: Liên đoàn Lao động mẫu. Giấy phép hoạt động '
            'báo điện tử số 00/GP-BTTTT. Tổng biên tập: Nguyễn Văn Mẫu.</p>'
            '<p>Địa chỉ: số 1 phố Giả Định, Hà Nội. Điện thoại: 024 0000 '
            '0000.</p><p><a href="/">Phiên bản di động</a> | <a href="/">'
            'Liên hệ quảng cáo</a></p></footer>\n<script>%s</script>\n'
            '</body>\n</html>\n' % (links, script))

    def item(self, j, with_lead):
        when, _ = stamp(j)
        h = ('<li class="story"><a class="thumb" href="%s"><img src="data:'
             'image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/anh/%d.jpg" '
             'alt="%s"></a><h3><a href="%s">%s</a></h3><span class="time">%s'
             '</span>' % (self.paths[j], j, slug(self.titles[j]), self.paths[j],
                          esc(self.titles[j]), when))
        if with_lead:
            h += '<p class="sapo">%s</p>' % esc(self.leads[j])
        return h + "</li>"

    def box(self, cls, heading, ids, with_lead=False):
        return '<div class="%s"><h3 class="box-title">%s</h3><ul>%s</ul></div>\n' % (
            cls, heading, "".join(self.item(j, with_lead) for j in ids))

    # --- pages -------------------------------------------------------------
    def article(self, i):
        r = random.Random(self.seed * 7919 + i)
        c = i % len(CATEGORIES)
        cat, cat_name = CATEGORIES[c]
        when, iso = stamp(i)
        title = self.titles[i]
        url = self.paths[i]
        # The article's own people, company and place, named again and
        # again as real reports do, so bodies differ beyond the vocabulary.
        people = ["%s %s %s" % (r.choice(FAMILY), r.choice(MIDDLE),
                                r.choice(GIVEN)) for _ in range(3)]
        company = "Công ty %s %s" % (r.choice(TRADES), r.choice(BRANDS))
        place = r.choice(PLACES)
        paragraphs = []
        for _ in range(r.randint(8, 22)):
            sentences = ["%s %s %s %s, %s ở %s." % (
                r.choice([company, "Công đoàn " + company, r.choice(SUBJECTS)]),
                r.choice(VERBS), r.choice(OBJECTS),
                r.choice(TAILS), r.choice(DETAILS) % (
                    r.randint(2, 900), r.randint(2, 90)),
                r.choice([place, place, r.choice(PLACES)]))
                for _ in range(r.randint(1, 3))]
            sentences.append(r.choice(QUOTES) % r.choice(
                ["ông " + people[0], "bà " + people[1], "anh " + people[2],
                 "chị " + people[1]]))
            sentences.append(r.choice(REMARKS))
            r.shuffle(sentences)
            paragraphs.append(" ".join(sentences))
        same = [j for j in range(i - 80, i + 80, 8) if 0 <= j < self.pages and j != i]
        r.shuffle(same)
        others = [r.randrange(self.pages) for _ in range(6)]
        extra = (
            '<meta property="og:title" content="%s">\n<meta property='
            '"article:published_time" content="%s">\n<link rel="canonical" '
            'href="%s">\n<script type="application/ld+json">{"@context":'
            '"https://schema.org","@type":"NewsArticle","headline":"%s",'
            '"datePublished":"%s","author":{"@type":"Person","name":"%s"}}'
            '</script>\n' % (esc(title), iso, url, esc(title), iso,
                             AUTHORS[i % len(AUTHORS)]))
        h = [self.head(title, extra, r), self.header(when)]
        h.append('<div class="breadcrumb"><a href="/">Trang chủ</a> &rsaquo; '
                 '<a href="/chuyen-muc/%s/trang-1.html">%s</a></div>\n'
                 '<div class="container"><div class="col-main">\n<article '
                 'class="detail"><h1 class="title">%s</h1>\n<div class="meta">'
                 '<span class="cat">%s</span> <span class="time">%s</span>'
                 '</div>\n<div class="share"><a href="https://facebook.invalid/'
                 'share">Chia sẻ Facebook</a> <a href="https://zalo.invalid/'
                 'share">Zalo</a> <a href="#" class="print">In bài</a></div>\n'
                 '<div class="sapo"><strong>(NLĐM)</strong> %s</div>\n<div '
                 'class="content">\n' % (cat, esc(cat_name), esc(title),
                                         esc(cat_name), when,
                                         esc(self.leads[i])))
        h.append('<div class="related-inline">%s</div>\n' % "".join(
            '<a href="%s">%s</a>' % (self.paths[j], esc(self.titles[j]))
            for j in same[:2]))
        for k, p in enumerate(paragraphs):
            h.append("<p>%s</p>\n" % esc(p))
            if k % 6 == 2:
                h.append('<figure class="image"><img src="data:image/gif;'
                         'base64,R0lGODlhAQABAAAAACw=" data-src="/anh/bai-%d-'
                         '%d.jpg" alt=""><figcaption>Ảnh: quang cảnh hoạt '
                         'động số %d của bài %d</figcaption></figure>\n' %
                         (i, k, k, i))
        h.append('<p class="author"><strong>%s</strong></p>\n</div>\n<div '
                 'class="tags">Từ khóa: <span>công đoàn</span> <span>người '
                 'lao động</span> <span>%s</span></div>\n</article>\n' % (
                     AUTHORS[i % len(AUTHORS)], esc(cat_name.lower())))
        h.append(self.box("tin-khac", "Tin khác", same[2:12]))
        h.append(self.box("quan-tam", "Có thể bạn quan tâm", others, True))
        h.append('<div class="comment"><h3>Ý kiến bạn đọc</h3><form '
                 'method="post" action="/binh-luan"><textarea name="c">'
                 '</textarea><button>Gửi bình luận</button></form></div>\n'
                 '</div>\n<aside class="sidebar">')
        h.append(self.box("doc-nhieu", "Đọc nhiều", self.popular))
        h.append(self.box("tin-moi", "Tin mới", self.newest))
        h.append("</aside>\n</div>\n")
        h.append(self.footer(r))
        return "".join(h)

    def listing(self, c, page):
        r = random.Random(self.seed * 31 + c * 100003 + page)
        cat, cat_name = CATEGORIES[c]
        last = self.listing_pages(c)
        ids = self.by_cat[c][(page - 1) * self.per_listing:page * self.per_listing]
        h = [self.head("%s - trang %d" % (cat_name, page), "", r),
             self.header(stamp(ids[0] if ids else 0)[0])]
        h.append('<div class="container"><div class="col-main"><h1>%s</h1>'
                 '\n<ul class="list-news">' % esc(cat_name))
        h.append("".join(self.item(j, True) for j in ids))
        window = sorted(set([1, last] + list(range(max(1, page - 5),
                                                   min(last, page + 5) + 1))))
        h.append('</ul>\n<div class="pagination">%s%s</div>\n</div>\n'
                 '<aside class="sidebar">' % (
                     "".join('<a href="/chuyen-muc/%s/trang-%d.html"%s>%d</a> '
                             % (cat, k, ' class="active"' if k == page else "",
                                k) for k in window),
                     '<a rel="next" href="/chuyen-muc/%s/trang-%d.html">Trang '
                     'sau</a>' % (cat, page + 1) if page < last else ""))
        h.append(self.box("doc-nhieu", "Đọc nhiều", self.popular))
        h.append("</aside>\n</div>\n")
        h.append(self.footer(r))
        return "".join(h)

    def home(self):
        r = random.Random(self.seed)
        h = [self.head("Trang chủ", "", r), self.header(stamp(self.pages - 1)[0]),
             '<div class="container"><div class="col-main">']
        for c, (cat, name) in enumerate(CATEGORIES):
            h.append(self.box("home-cat", '<a href="/chuyen-muc/%s/trang-1.html">'
                              '%s</a>' % (cat, esc(name)),
                              self.by_cat[c][:6], True))
        h.append("</div></div>\n")
        h.append(self.footer(r))
        return "".join(h)


def write(out_dir, path, text):
    data = text.encode("utf-8")
    full = os.path.join(out_dir, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)
    with open(full + ".gz", "wb") as f:
        f.write(gzip.compress(data, 6, mtime=0))
    return len(data)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--pages", type=int, default=20000)
    ap.add_argument("--per-listing", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.pages < 16 or args.per_listing < 1:
        sys.exit("bench_site_gen.py: --pages must be >= 16")
    site = Site(args.pages, args.per_listing, args.seed)
    total = write(args.out_dir, "/index.html", site.home())
    listings = 1
    for c in range(len(CATEGORIES)):
        for page in range(1, site.listing_pages(c) + 1):
            total += write(args.out_dir, "/chuyen-muc/%s/trang-%d.html" % (
                CATEGORIES[c][0], page), site.listing(c, page))
            listings += 1
    for i in range(args.pages):
        total += write(args.out_dir, site.paths[i], site.article(i))
    css = "".join("body .c%d{margin:0 %dpx}\n" % (k, k % 17) for k in range(400))
    total += write(args.out_dir, "/static/main.css", css)
    with open(os.path.join(args.out_dir, "robots.txt"), "w") as f:
        f.write("User-agent: *\nDisallow: /tim-kiem\nDisallow: /tai-khoan/\n"
                "Disallow: /binh-luan\n")
    print("pages=%d listings=%d bytes=%d" % (args.pages, listings, total))


if __name__ == "__main__":
    main()
