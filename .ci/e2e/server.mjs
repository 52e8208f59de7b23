// A plain static server for the built site, as a host would serve it: the
// headers of the _headers file the build writes (every matching rule, as
// Netlify and Cloudflare Pages read it), gzip for text, 404.html for missing
// pages. Not the preview server, which adds its live-reload script.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".json": "application/json",
  ".xml": "application/xml", ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8", ".png": "image/png", ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg", ".webp": "image/webp", ".pdf": "application/pdf",
  ".woff2": "font/woff2", ".ico": "image/x-icon", ".webmanifest": "application/manifest+json",
};
const compressible = /^(text\/|application\/(json|xml|manifest\+json)|image\/svg)/;

// parseHeaders reads a _headers file into rules of {pattern, headers}.
export function parseHeaders(text) {
  const rules = [];
  let rule = null;
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      rule = { pattern: line.trim(), headers: [] };
      rules.push(rule);
    } else if (rule) {
      const i = line.indexOf(":");
      if (i > 0) rule.headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
    }
  }
  return rules;
}

function matches(pattern, urlPath) {
  return pattern.endsWith("*") ? urlPath.startsWith(pattern.slice(0, -1)) : pattern === urlPath;
}

// headersFor merges the headers of every rule matching urlPath; a header set
// twice gets both values, joined, as the hosts do — so the build must never
// set one header in two matching rules.
export function headersFor(rules, urlPath) {
  const out = {};
  for (const r of rules) {
    if (!matches(r.pattern, urlPath)) continue;
    for (const [k, v] of r.headers) {
      const key = k.toLowerCase();
      out[key] = out[key] ? out[key] + ", " + v : v;
    }
  }
  return out;
}

export function startServer(root, port) {
  const rules = parseHeaders(fs.readFileSync(path.join(root, "_headers"), "utf8"));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let p = decodeURIComponent(url.pathname);
    if (p.includes("..") || p.includes("\0")) { res.writeHead(400); res.end(); return; }
    let file = path.join(root, p);
    let status = 200;
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.isDirectory()) {
      if (!p.endsWith("/")) { res.writeHead(301, { location: p + "/" }); res.end(); return; }
      file = path.join(file, "index.html");
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!stat || p === "/_headers" || p === "/nginx-headers.conf") {
      status = 404;
      file = path.join(root, "404.html");
    }
    const type = types[path.extname(file).toLowerCase()] || "application/octet-stream";
    const headers = { ...headersFor(rules, status === 404 ? "/404.html" : p), "content-type": type, vary: "Accept-Encoding" };
    let body = fs.readFileSync(file);
    if (compressible.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      body = zlib.gzipSync(body, { level: 9 });
      headers["content-encoding"] = "gzip";
    }
    headers["content-length"] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}
