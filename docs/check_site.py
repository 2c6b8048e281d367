"""Open the built site (_docs/) in headless Chromium and check it as a reader would see it.

Every page of the reading order exists and loads without a JavaScript error or a failed request; nothing is loaded
from outside the site; every internal link points at a file (and an anchor) that exists; every image is displayed;
each figure-bearing notebook's page shows its figures; the formulas are typeset; the search finds a page. Screenshots
of the index and two figure pages go to _docs/screenshots/. Exit status 1 with one line per problem."""
import argparse, functools, http.server, re, sys, threading, time
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from pages import reading_order  # noqa: E402

# pages whose notebooks draw figures, and how many images each must show at least
FIGURE_PAGES = {'16b_wiring_figures': 3, 'experiments/wiring': 5, 'experiments/nb201_study_report': 2,
                'experiments/fidelity': 1, 'experiments/collapse_report': 2, 'experiments/summary': 2, 'experiments/search': 1}
SCREENSHOTS = {'index': 'index.png', '16b_wiring_figures': 'wiring_figures.png',
               'experiments/nb201_study_report': 'nb201_study_report.png'}
MATH_PAGE = '16_wiring'


def _serve(root:Path):
    "A local HTTP server on the site (a free port); (server, base url)."
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    handler = functools.partial(Quiet, directory=str(root))
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f'http://127.0.0.1:{srv.server_address[1]}/'


def _ids(path:Path)->set:
    return set(re.findall(r'\bid="([^"]+)"', path.read_text(errors='replace')))


def check(site:Path, chromium:str)->list[str]:
    from playwright.sync_api import sync_playwright
    problems, t0 = [], time.perf_counter()
    pages = ['index'] + reading_order() + ['benchmarks/RESULTS']
    missing = [p for p in pages if not (site / f'{p}.html').is_file()]
    problems += [f"{p}.html: not built" for p in missing]
    srv, base = _serve(site)
    ids_cache, n_links, n_images = {}, 0, 0
    shots = site / 'screenshots'
    shots.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=['--no-sandbox'])
        page = browser.new_page(viewport=dict(width=1280, height=900))
        external, failed, errors = [], [], []
        def route(r):
            if r.request.url.startswith(base) or r.request.url.startswith('data:'): r.continue_()
            else: external.append(r.request.url); r.abort()
        page.route('**/*', route)
        page.on('response', lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on('requestfailed', lambda r: None if not r.url.startswith(base) else failed.append(f"failed {r.url}"))
        page.on('pageerror', lambda e: errors.append(str(e).splitlines()[0]))
        for p in [p for p in pages if p not in missing]:
            external.clear(); failed.clear(); errors.clear()
            page.goto(base + f'{p}.html', wait_until='load', timeout=60_000)
            page.wait_for_load_state('networkidle', timeout=60_000)
            problems += [f"{p}: loads from outside the site: {u}" for u in external]
            problems += [f"{p}: {f}" for f in failed] + [f"{p}: JavaScript error: {e}" for e in errors]
            imgs = page.eval_on_selector_all('article img', 'els => els.map(e => [e.getAttribute("src"), e.complete && e.naturalWidth > 0])')
            n_images += len(imgs)
            problems += [f"{p}: image not displayed: {src}" for src, ok in imgs if not ok]
            need = FIGURE_PAGES.get(p, 0)
            if len(imgs) < need: problems.append(f"{p}: {len(imgs)} images, expected at least {need} (its figures)")
            for href in page.eval_on_selector_all('a[href]', 'els => els.map(e => e.href)'):
                u = urlsplit(href)
                if not href.startswith(base): continue
                n_links += 1
                target = site / unquote(u.path[1:] or 'index.html')
                if target.is_dir(): target = target / 'index.html'
                if not target.is_file(): problems.append(f"{p}: broken link {href[len(base):]}"); continue
                if u.fragment and target.suffix == '.html':
                    ids = ids_cache.setdefault(target, _ids(target))
                    if unquote(u.fragment) not in ids: problems.append(f"{p}: link to a missing anchor {href[len(base):]}")
            if p == MATH_PAGE:
                try: page.wait_for_function('() => document.querySelectorAll("mjx-container").length > 0', timeout=60_000)
                except Exception: problems.append(f"{p}: no formula typeset by MathJax")
            if p in SCREENSHOTS:
                if p != 'index' and imgs:              # the first figure in view
                    page.locator('article img').first.scroll_into_view_if_needed()
                page.screenshot(path=str(shots / SCREENSHOTS[p]))
        page.goto(base + 'search.html?q=supernet', wait_until='load')
        try: page.wait_for_selector('#search-results li, ul.search li', timeout=30_000)
        except Exception: problems.append("search.html?q=supernet: no result")
        browser.close()
    srv.shutdown()
    print(f"checked {len(pages) - len(missing)} pages, {n_links} internal links, {n_images} images in "
          f"{time.perf_counter() - t0:.0f} s; screenshots in {shots}")
    return problems


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--site', default=str(HERE.parent / '_docs'), help='the built site')
    ap.add_argument('--chromium', default='/usr/bin/chromium', help="the browser's executable (Debian's chromium)")
    a = ap.parse_args()
    probs = check(Path(a.site), a.chromium)
    for pr in probs: print('PROBLEM', pr)
    if probs: sys.exit(f"site check: {len(probs)} problem(s)")
    print("site check passed")
