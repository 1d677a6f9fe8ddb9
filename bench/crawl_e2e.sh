#!/usr/bin/env bash
# End-to-end crawl benchmark (issue 6, "Speed and memory").
#   bench/crawl_e2e.sh [--pages N] [--only "newscrawl scrapy wget2"]
#                      [--newscrawl BIN] [--scrapy-max-pages M]
#                      [--site-dir DIR] [--keep]
# Writes a static union-news site of N article pages (bench/bench_site_gen.py)
# to a temporary directory, serves it with nginx on a free 127.0.0.1 port
# (temporary config; pid, logs and temp paths in the temporary directory),
# then crawls it, one after the other, with
#   newscrawl  `newscrawl crawl`: fetch, extract, store (LMDB);
#   scrapy     Scrapy 2.8 + readability-lxml into SQLite
#              (bench/crawl_e2e_spider.py);
#   wget2      `wget2 --recursive`: fetch and write files (the fetch floor);
# all with 64 concurrent requests, no delay, robots.txt obeyed.  Each run is
# measured with /usr/bin/time (wall, user+sys CPU, peak RSS); pages are the
# requests nginx answered during the run (its access log); "peak RSS" is
# /usr/bin/time's maximum RSS (what the targets judge), "peak anon" the peak
# RssAnon (private memory) and "peak file" the peak RssFile (mapped files:
# the binary, its libraries and LMDB's map), both sampled from /proc every
# 0.2 s.  Prints a table and the ratios against the targets.  Needs
# bench/install-bench-deps.sh.
# --site-dir DIR keeps the generated site in DIR and reuses it when it was
# made for the same N (generation takes minutes at N = 20 000).
# --scrapy-max-pages M stops Scrapy after M responses (CLOSESPIDER_PAGECOUNT):
# at ~50 ms of CPU per page it needs a quarter of an hour for 20 000 pages;
# its rate is steady, so pages/s over the first M pages is its rate.
set -euo pipefail
# The body is one brace group, so bash reads it whole before running it and
# an edit of this file cannot change a run in progress.
{
repo="$(cd "$(dirname "$0")/.." && pwd)"
pages=20000
only="newscrawl scrapy wget2"
newscrawl="$repo/build/release/newscrawl"
keep=0
scrapy_max=0
site_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --pages) pages="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --newscrawl) newscrawl="$2"; shift 2 ;;
    --scrapy-max-pages) scrapy_max="$2"; shift 2 ;;
    --site-dir) site_dir="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--pages N] [--only LIST] [--newscrawl BIN]" \
            "[--scrapy-max-pages M] [--site-dir DIR] [--keep]" >&2
       exit 2 ;;
  esac
done
py=/usr/bin/python3  # Debian's python, where python3-scrapy is installed
for tool in /usr/sbin/nginx /usr/bin/time; do
  [ -x "$tool" ] || { echo "missing $tool: run bench/install-bench-deps.sh" >&2; exit 1; }
done
case " $only " in *" wget2 "*) command -v wget2 >/dev/null ||
  { echo "missing wget2: run bench/install-bench-deps.sh" >&2; exit 1; } ;; esac
case " $only " in *" newscrawl "*) [ -x "$newscrawl" ] ||
  { echo "missing $newscrawl: build it first (.ci/build release)" >&2; exit 1; } ;; esac

tmp="$(mktemp -d -t crawl_e2e.XXXXXX)"
chmod 755 "$tmp"  # nginx's worker may run as nobody
cleanup() {
  if [ -f "$tmp/nginx.pid" ]; then
    kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
    sleep 0.5
  fi
  if [ "$keep" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# --- the site ---------------------------------------------------------------
site="${site_dir:-$tmp/site}"
if [ -n "$site_dir" ] && [ "$(cat "$site/.bench-pages" 2>/dev/null)" = "$pages" ]; then
  echo "reusing the site in $site" >&2
else
  if [ -n "$site_dir" ] && [ -e "$site" ]; then
    # Only a directory this script made is replaced.
    [ -f "$site/.bench-pages" ] || { echo "$site exists and is not a bench site" >&2; exit 1; }
    rm -rf "$site"
  fi
  echo "generating $pages article pages in $site ..." >&2
  gen_line="$("$py" "$repo/bench/bench_site_gen.py" "$site" --pages "$pages")"
  echo "$pages" >"$site/.bench-pages"
  echo "site: $gen_line" >&2
fi
chmod -R a+rX "$site"
site="$(cd "$site" && pwd)"

port="$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
mkdir -p "$tmp/nginx-tmp"
cat >"$tmp/nginx.conf" <<EOF
worker_processes 1;
daemon on;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log warn;
events { worker_connections 4096; }
http {
  types { text/html html; text/plain txt; text/css css; }
  default_type application/octet-stream;
  log_format bench '\$status \$body_bytes_sent "\$request_uri" "\$http_user_agent"';
  access_log $tmp/access.log bench;
  client_body_temp_path $tmp/nginx-tmp/body;
  proxy_temp_path $tmp/nginx-tmp/proxy;
  fastcgi_temp_path $tmp/nginx-tmp/fastcgi;
  uwsgi_temp_path $tmp/nginx-tmp/uwsgi;
  scgi_temp_path $tmp/nginx-tmp/scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  gzip_static on;   # the generator wrote NAME.gz beside each page
  etag on;
  server {
    listen 127.0.0.1:$port backlog=4096;
    root $site;
    index index.html;
  }
}
EOF
/usr/sbin/nginx -e "$tmp/nginx-error.log" -p "$tmp" -c "$tmp/nginx.conf"
for _ in $(seq 50); do
  curl -fsS -o /dev/null "$base/robots.txt" 2>/dev/null && break
  sleep 0.1
done
: >"$tmp/access.log"

article_re="^http://127\\.0\\.0\\.1:$port/[a-z-]+/[a-z0-9-]+-[0-9]{6}\\.html\$"
listing_re="^http://127\\.0\\.0\\.1:$port/(chuyen-muc/[a-z-]+/trang-[0-9]+\\.html)?\$"

# --- one measured run ---------------------------------------------------------
# run NAME CMD...: runs CMD under /usr/bin/time and records
# "NAME wall user sys rss_kb anon_kb file_kb requests ok_200" in $tmp/results.
run() {
  local name="$1"; shift
  local before after
  before=$(wc -l <"$tmp/access.log")
  echo "== $name: $*" >&2
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/$name.time" "$@" \
    >"$tmp/$name.out" 2>"$tmp/$name.err" &
  local timer=$! anon=0 file=0 child key value unit
  # Peak private memory (RssAnon) of the measured process, sampled from
  # /proc every 0.2 s: /usr/bin/time's maximum RSS also counts the pages of
  # mapped files (LMDB's map) that the page cache holds anyway.
  while kill -0 "$timer" 2>/dev/null; do
    for child in $(pgrep -P "$timer"); do
      while read -r key value unit; do
        if [ "$key" = "RssAnon:" ] && [ "$value" -gt "$anon" ]; then anon=$value; fi
        if [ "$key" = "RssFile:" ] && [ "$value" -gt "$file" ]; then file=$value; fi
      done <"/proc/$child/status" 2>/dev/null || true
    done
    sleep 0.2
  done
  wait "$timer" || {
    echo "$name failed (exit $?); last lines of its stderr:" >&2
    tail -n 20 "$tmp/$name.err" >&2
  }
  sleep 0.2
  after=$(wc -l <"$tmp/access.log")
  local requests ok
  requests=$((after - before))
  ok=$(tail -n "$requests" "$tmp/access.log" | awk '$1 == 200' | wc -l)
  tail -n "$requests" "$tmp/access.log" | awk '{print $1}' | sort | uniq -c |
    awk -v n="$name" '{printf "%s: %s x HTTP %s\n", n, $1, $2}' >&2
  echo "$name $(tail -n 1 "$tmp/$name.time") $anon $file $requests $ok" >>"$tmp/results"
}

: >"$tmp/results"
for crawler in $only; do
  case "$crawler" in
    newscrawl)
      cat >"$tmp/newscrawl.toml" <<EOF
[crawl]
user_agent = "newscrawl-bench/0.1 (+https://newscrawl.invalid/bot; crawler@newscrawl.invalid)"
concurrency = 64
per_host_connections = 16  # the config's maximum
per_host_delay = 0
retries = 1
robots = true

[[site]]
name = "bench"
seeds = ["$base/"]
allowed_hosts = ["127.0.0.1"]
article_patterns = ['$article_re']
listing_patterns = ['$listing_re']
max_depth = 100  # pagination is a chain of windows
EOF
      run newscrawl "$newscrawl" --config "$tmp/newscrawl.toml" \
        --store "$tmp/newscrawl-store" crawl \
        --summary-json "$tmp/newscrawl-summary.json"
      "$py" - "$tmp/newscrawl-summary.json" <<'PY' >&2 || true
import json, sys
try:
    t = json.load(open(sys.argv[1]))["totals"]
except OSError as e:
    sys.exit("newscrawl: no summary (%s)" % e)
print("newscrawl: fetched %d, new articles %d, extracted %d, errors %d, "
      "short bodies %d" % (t["fetched"], t["new_articles"], t["extracted"],
                          t["error_count"], t["short_bodies"]))
PY
      ;;
    scrapy)
      run scrapy "$py" -m scrapy runspider "$repo/bench/crawl_e2e_spider.py" \
        -s CLOSESPIDER_PAGECOUNT="$scrapy_max" \
        -a start="$base/" -a db="$tmp/scrapy.sqlite" \
        -a article="$article_re" -a listing="$listing_re"
      "$py" - "$tmp/scrapy.sqlite" <<'PY' >&2 || true
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n, short = db.execute("SELECT count(*), sum(length(body) < 500) FROM article").fetchone()
print("scrapy: stored articles %d, short bodies %d" % (n, short or 0))
PY
      ;;
    wget2)
      run wget2 wget2 --recursive --level=0 --robots=on --max-threads=64 \
        --no-verbose --quiet --directory-prefix="$tmp/wget2" \
        --user-agent="crawl-e2e-wget2" "$base/"
      echo "wget2: $(find "$tmp/wget2" -type f | wc -l) files written" >&2
      ;;
    *) echo "unknown crawler $crawler" >&2; exit 2 ;;
  esac
done

# --- the parse ceiling ---------------------------------------------------------
# A parse of each of 2 000 of the site's pages on every core, nothing else
# (bench/parse_ceiling_bench.cc): a plain Gumbo parse of the whole page, and
# newscrawl's (decoding, script and style text dropped, Gumbo).  newscrawl
# cannot store pages faster than the second on this machine.
ceiling="$(dirname "$newscrawl")/bench/parse_ceiling_bench"
echo 0 0 > "$tmp/ceiling"
if [ -x "$ceiling" ]; then
  "$ceiling" "$site" 2000 0 3 | tee /dev/stderr |
    sed -n 's/.* \([0-9.]*\) pages\/s.*/\1/p' | tr '\n' ' ' > "$tmp/ceiling"
else
  echo "no $ceiling: build it for the parse ceiling" >&2
fi

# --- table and ratios ---------------------------------------------------------
"$py" - "$tmp/results" "$pages" "$tmp/ceiling" <<'PY'
import sys
try:  # pages/s of a plain Gumbo parse, then of newscrawl's parse
    gumbo, ceiling = (float(x) for x in open(sys.argv[3]).read().split()[:2])
except (OSError, ValueError):
    gumbo, ceiling = 0.0, 0.0
rows = {}
for line in open(sys.argv[1]):
    name, wall, user, sys_, rss, anon, file_, req, ok = line.split()
    rows[name] = dict(wall=float(wall), cpu=float(user) + float(sys_),
                      rss=int(rss) / 1024.0, anon=int(anon) / 1024.0,
                      file=int(file_) / 1024.0, req=int(req), ok=int(ok))
print("site: %s article pages" % sys.argv[2])
print("%-10s %8s %8s %8s %8s %8s %11s %9s %9s %9s" % (
    "crawler", "requests", "HTTP 200", "wall s", "pages/s", "CPU s",
    "CPU ms/page", "peak RSS", "peak anon", "peak file"))
for name, r in rows.items():
    r["pps"] = r["ok"] / r["wall"] if r["wall"] > 0 else 0.0
    print("%-10s %8d %8d %8.2f %8.1f %8.2f %11.2f %6.0f MB %6.0f MB %6.0f MB" % (
        name, r["req"], r["ok"], r["wall"], r["pps"], r["cpu"],
        1000.0 * r["cpu"] / max(1, r["ok"]), r["rss"], r["anon"], r["file"]))
n = rows.get("newscrawl")
if n:
    print("newscrawl peak RSS: %.0f MB (max RSS, judged by the targets); "
          "private (RssAnon) %.0f MB, mapped files (RssFile) %.0f MB; "
          "flat: compare with a run of another --pages" % (
              n["rss"], n["anon"], n["file"]))
    s, w = rows.get("scrapy"), rows.get("wget2")
    if s and s["pps"] > 0:
        print("newscrawl / scrapy pages/s: %.1fx (target >= 8x)" % (n["pps"] / s["pps"]))
        print("newscrawl / scrapy CPU per page: %.2f" % (
            (n["cpu"] / max(1, n["ok"])) / max(1e-9, s["cpu"] / max(1, s["ok"]))))
        print("newscrawl / scrapy peak RSS: %.2f, peak anon: %.2f (target < 1)"
              % (n["rss"] / s["rss"], n["anon"] / max(1e-9, s["anon"])))
    if w and w["pps"] > 0:
        print("newscrawl / wget2 pages/s: %.2fx (target >= 0.5x)" % (n["pps"] / w["pps"]))
    if ceiling > 0:
        print("newscrawl / its parse alone on every core: %.2fx" % (n["pps"] / ceiling))
        if w and w["pps"] > 0:
            print("parse alone / wget2 pages/s: newscrawl's %.2fx, plain gumbo "
                  "%.2fx (the most a crawler parsing every page can reach)" % (
                      ceiling / w["pps"], gumbo / w["pps"]))
PY
exit
}
