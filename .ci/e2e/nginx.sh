#!/usr/bin/env bash
# make e2e, part 1: the built site served by Debian's nginx as docs/deploy.md
# says (plain HTTP redirected, HTTPS with a self-signed certificate, the
# nginx-headers.conf the build writes included), on 127.0.0.1, and the
# response headers of every kind of file the site has checked: status,
# Content-Type, the security headers (HSTS over HTTPS only), Cache-Control,
# CORS on the open data, 404 pages included. Installs nginx when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
	# Installed without starting the system's nginx (policy-rc.d says no).
	guard=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
		$SUDO chmod +x /usr/sbin/policy-rc.d
		guard=1
	fi
	$SUDO apt-get update -qq
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
	[ -z "$guard" ] || $SUDO rm -f /usr/sbin/policy-rc.d
fi

work=$(mktemp -d /tmp/sats-nginx.XXXXXX)
chmod 755 "$work"
pid=""
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

go run ./cmd/sats build -o "$work/site" >/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
	-keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
read -r http https < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
mkdir -p "$work/tmp"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;

    server {
        listen 127.0.0.1:$http;
        server_name localhost;
        return 301 https://\$host\$request_uri;
    }
    server {
        listen 127.0.0.1:$https ssl;
        server_name localhost;
        ssl_certificate $work/cert.pem;
        ssl_certificate_key $work/key.pem;
        root $work/site;
        error_page 404 /404.html;
        include $work/site/nginx-headers.conf;
    }
}
EOF
"$NGINX" -t -q -p "$work" -c "$work/nginx.conf"
"$NGINX" -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
pid=$!
for _ in $(seq 50); do
	curl -sk -o /dev/null "https://127.0.0.1:$https/" && break
	sleep 0.1
done

fail=0
checked=0
# header FILE NAME: the value of a response header in a dump of headers.
header() { { grep -i "^$2:" "$1" || true; } | head -1 | cut -d: -f2- | sed 's/^ //; s/\r$//'; }

# check URL STATUS TYPE CACHE CORS: a request over HTTPS and what it must get.
check() {
	local url=$1 status=$2 type=$3 cache=$4 cors=$5 h="$work/h"
	curl -sk -o /dev/null -D "$h" "https://127.0.0.1:$https$url"
	checked=$((checked + 1))
	local got
	got=$(head -1 "$h" | awk '{print $2}')
	[ "$got" = "$status" ] || { echo "nginx: $url: status $got, want $status"; fail=1; }
	got=$(header "$h" Content-Type)
	[ "$got" = "$type" ] || { echo "nginx: $url: Content-Type \"$got\", want \"$type\""; fail=1; }
	got=$(header "$h" Cache-Control)
	[ "$got" = "$cache" ] || { echo "nginx: $url: Cache-Control \"$got\", want \"$cache\""; fail=1; }
	got=$(header "$h" Access-Control-Allow-Origin)
	[ "$got" = "$cors" ] || { echo "nginx: $url: Access-Control-Allow-Origin \"$got\", want \"$cors\""; fail=1; }
	for name in Content-Security-Policy Strict-Transport-Security Referrer-Policy X-Content-Type-Options X-Frame-Options Permissions-Policy Cross-Origin-Opener-Policy; do
		[ -n "$(header "$h" "$name")" ] || { echo "nginx: $url: no $name"; fail=1; }
	done
}

revalidate="public, max-age=0, must-revalidate"
immutable="public, max-age=31536000, immutable"
site="$work/site"
one() { (cd "$site" && ls $1 | head -1); } # the first output file of a pattern
css=$(one 'css/site.??????????.css')
js=$(one 'js/filter.??????????.js')
fig=$(basename "$(one 'data/*.xlsx')" .xlsx)
[ -n "$css" ] && [ -n "$js" ] && [ -n "$fig" ] || { echo "nginx: the built site lacks a stylesheet, a script or a figure"; exit 1; }

check / 200 "text/html; charset=utf-8" "$revalidate" ""
check /om/ 200 "text/html; charset=utf-8" "$revalidate" ""
check "/$css" 200 "text/css; charset=utf-8" "$immutable" ""
check "/$js" 200 "text/javascript; charset=utf-8" "$immutable" ""
check /css/site.css 200 "text/css; charset=utf-8" "$revalidate" ""
check "/data/$fig.csv" 200 "text/csv; charset=utf-8" "$revalidate" "*"
check "/data/$fig-excel.csv" 200 "text/csv; charset=utf-8" "$revalidate" "*"
check "/data/$fig.json" 200 "application/json; charset=utf-8" "$revalidate" "*"
check "/data/$fig.xlsx" 200 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" "$revalidate" "*"
check "/data/$fig.svg" 200 "image/svg+xml; charset=utf-8" "$revalidate" "*"
check "/data/$fig.png" 200 "image/png" "$revalidate" "*"
check /data/catalog.jsonld 200 "application/ld+json; charset=utf-8" "$revalidate" "*"
check /data/ 200 "text/html; charset=utf-8" "$revalidate" "*"
check /en/data/ 200 "text/html; charset=utf-8" "$revalidate" "*"
check /nyheter/atom.xml 200 "application/atom+xml; charset=utf-8" "$revalidate" ""
check /nyheter/index.xml 200 "application/rss+xml; charset=utf-8" "$revalidate" ""
check /sitemap.xml 200 "application/xml; charset=utf-8" "$revalidate" ""
check /robots.txt 200 "text/plain; charset=utf-8" "$revalidate" ""
check /favicon.svg 200 "image/svg+xml; charset=utf-8" "$revalidate" ""
if png=$(one 'share.??????????.png') && [ -n "$png" ]; then
	check "/$png" 200 "image/png" "$immutable" ""
fi
# Error pages carry the same headers, and under /data/ its CORS header.
check /finnes-ikke/ 404 "text/html; charset=utf-8" "$revalidate" ""
check /data/finnes-ikke.csv 404 "text/html; charset=utf-8" "$revalidate" "*"
check /en/data/finnes-ikke.json 404 "text/html; charset=utf-8" "$revalidate" "*"
check /_headers 404 "text/html; charset=utf-8" "$revalidate" ""
check /nginx-headers.conf 404 "text/html; charset=utf-8" "$revalidate" ""
check /.sats-output 404 "text/html; charset=utf-8" "$revalidate" ""

# Plain HTTP: a redirect to HTTPS, and no HSTS.
curl -s -o /dev/null -D "$work/h" "http://127.0.0.1:$http/om/?a=1"
checked=$((checked + 1))
status=$(head -1 "$work/h" | awk '{print $2}')
location=$(header "$work/h" Location)
[ "$status" = 301 ] && [ "$location" = "https://127.0.0.1/om/?a=1" ] || { echo "nginx: plain HTTP gives $status to \"$location\", want 301 to https://127.0.0.1/om/?a=1"; fail=1; }
[ -z "$(header "$work/h" Strict-Transport-Security)" ] || { echo "nginx: plain HTTP sends Strict-Transport-Security"; fail=1; }

if [ "$fail" != 0 ]; then
	echo "nginx: the configuration of docs/deploy.md does not serve the site as it should ($NGINX, $("$NGINX" -v 2>&1))"
	exit 1
fi
echo "nginx: $checked responses checked ($("$NGINX" -v 2>&1 | sed 's/.*: //')): types, security headers, HSTS over HTTPS only, cache, CORS, 404 pages"
