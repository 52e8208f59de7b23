// Vendors Designsystemet into the site (make designsystemet).
//
// It makes the theme from the programme's colours (designsystemet.config.json)
// with the pinned CLI, keeps the light colour scheme and the primary
// typography of it, adds the base styles and the CSS of the components the
// site uses, and writes one file, static/css/designsystemet/designsystemet.css,
// with Designsystemet's licence beside it and its icons as files (icons/). The site's builds use that
// committed file and need no npm.
//
// Usage: node .ci/designsystemet/vendor.mjs (make designsystemet installs the
// pinned packages first).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const out = path.join(repo, "static/css/designsystemet");
const cssDir = path.join(here, "node_modules/@digdir/designsystemet-css");
const cli = path.join(here, "node_modules/.bin/designsystemet");

// The components the layouts use, in the order of the cascade. search and
// pagination style their inputs and buttons through input and button.
const components = ["link", "button", "input", "search", "table", "card", "tag",
  "pagination", "breadcrumbs", "skip-link", "details", "alert"];

// Theme layers the site does not use: it has one colour scheme (light, as
// its colour-scheme says) and one typography.
const dropLayers = ["ds.theme.color-scheme.dark", "ds.theme.typography.secondary"];

// dropBlocks removes every top-level block whose prelude starts with one of
// the given strings, with its nested braces.
function dropBlocks(css, preludes) {
  let res = "";
  let i = 0;
  while (i < css.length) {
    const hit = preludes.map((p) => css.indexOf(p, i)).filter((n) => n >= 0).sort((a, b) => a - b)[0];
    if (hit === undefined) { res += css.slice(i); break; }
    res += css.slice(i, hit);
    let j = css.indexOf("{", hit), depth = 0;
    for (; j < css.length; j++) {
      if (css[j] === "{") depth++;
      else if (css[j] === "}" && --depth === 0) break;
    }
    i = j + 1;
  }
  return res;
}

function theme() {
  const build = path.join(here, "build");
  fs.rmSync(build, { recursive: true, force: true });
  const run = (...args) => execFileSync(cli, args, { cwd: here, stdio: ["ignore", "ignore", "inherit"] });
  run("tokens", "create", "--config", "designsystemet.config.json", "--out-dir", "build/tokens", "--clean");
  run("tokens", "build", "--tokens", "build/tokens", "--out-dir", "build/css", "--clean");
  const file = fs.readdirSync(path.join(build, "css")).find((f) => f.endsWith(".css"));
  let css = fs.readFileSync(path.join(build, "css", file), "utf8");
  css = css.replace(/^@charset[^;]*;\s*/, "").replace(/\/\*[\s\S]*?\*\//g, "");
  css = dropBlocks(css, dropLayers.map((l) => "@layer " + l + " "));
  // The automatic scheme ([data-color-scheme="auto"]) is not used either.
  css = dropBlocks(css, ["@media (prefers-color-scheme: light)"]);
  return css.replace(/\n\s*\n+/g, "\n").trim();
}

// icons moves the SVG images that Designsystemet writes into its CSS as data:
// URLs into files of their own beside it (icons/<hash>.svg), since the
// site's Content-Security-Policy allows images from the site only.
function icons(css, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const seen = new Map();
  return css.replace(/url\(\s*"data:image\/svg\+xml;charset=utf-8,([^"]*)"\s*\)/g, (_, data) => {
    const svg = decodeURIComponent(data);
    let name = seen.get(svg);
    if (!name) {
      name = "icons/" + createHash("sha256").update(svg).digest("hex").slice(0, 10) + ".svg";
      fs.writeFileSync(path.join(dir, path.basename(name)), svg + "\n");
      seen.set(svg, name);
    }
    return `url("${name}")`;
  });
}

function main() {
  const pkg = JSON.parse(fs.readFileSync(path.join(cssDir, "package.json"), "utf8"));
  const cliPkg = JSON.parse(fs.readFileSync(path.join(here, "node_modules/@digdir/designsystemet/package.json"), "utf8"));
  const src = (name) => fs.readFileSync(path.join(cssDir, "dist/src", name + ".css"), "utf8").trim();
  const parts = [
    `/*! Designsystemet (https://designsystemet.no), MIT licence: see LICENSE in this folder.`,
    `    @digdir/designsystemet-css ${pkg.version}: base and ${components.join(", ")}.`,
    `    Theme made by @digdir/designsystemet ${cliPkg.version} from .ci/designsystemet/designsystemet.config.json.`,
    `    Made by make designsystemet (.ci/designsystemet/vendor.mjs); do not edit. */`,
    "@layer ds.theme, ds.base, ds.components;",
    theme(),
    "@layer ds.base{" + src("base") + "}",
    "@layer ds.components{" + components.map(src).join("\n") + "}",
  ];
  fs.mkdirSync(out, { recursive: true });
  const css = icons(parts.join("\n") + "\n", path.join(out, "icons"));
  if (css.includes("data:")) throw new Error("a data: URL is left in the CSS; the Content-Security-Policy would block it");
  fs.writeFileSync(path.join(out, "designsystemet.css"), css);
  fs.copyFileSync(path.join(cssDir, "LICENSE"), path.join(out, "LICENSE"));
  fs.rmSync(path.join(here, "build"), { recursive: true, force: true });
  const size = fs.statSync(path.join(out, "designsystemet.css")).size;
  console.log(`${path.relative(repo, out)}/designsystemet.css: ${(size / 1024).toFixed(1)} kB (css ${pkg.version}, theme ${cliPkg.version})`);
}

main();
