using Microsoft.Playwright;

namespace ServingNotebooks.Book.Tests;

/// <summary>What one page showed in the browser.</summary>
/// <param name="Page">The page's file name.</param>
/// <param name="Errors">Console errors, uncaught page errors, failed requests and requests that left the site.</param>
/// <param name="Facts">What the page's script measured (see <see cref="Browser.Inspect"/>), as JSON.</param>
public sealed record PageVisit(string Page, IReadOnlyList<string> Errors, System.Text.Json.JsonElement Facts);

/// <summary>
/// Headless Chromium (Debian's <c>/usr/bin/chromium</c>; Playwright for .NET drives it, no browser is downloaded) showing
/// a site folder as <c>http://book.invalid/</c>: every request to that host is answered from the folder by Playwright's
/// router, and any other request is refused and counted as an error, so a page that needs a CDN fails.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    /// <summary>Debian's Chromium (package chromium; .ci/install-dependencies installs it).</summary>
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>The made-up origin the site is served from (<c>.invalid</c> never resolves).</summary>
    public const string Origin = "http://book.invalid/";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly string _site;

    private Browser(IPlaywright playwright, IBrowser browser, string site)
    {
        _playwright = playwright;
        _browser = browser;
        _site = site;
    }

    /// <summary>Starts Chromium for <paramref name="site"/>.</summary>
    /// <param name="site">The site folder.</param>
    public static async Task<Browser> StartAsync(string site)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (.ci/install-dependencies does)");
        var playwright = await Playwright.CreateAsync();

        // Playwright gives each launch a fresh, temporary profile (its --user-data-dir) and adds --no-sandbox itself
        // (ChromiumSandbox is off by default); the other flags keep Chromium from reaching out on its own.
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new Browser(playwright, browser, site);
    }

    /// <summary>The script that measures a loaded page once MathJax has typeset it; its result is <see cref="PageVisit.Facts"/>.</summary>
    public const string Inspect = """
        async () => {
          const typeset = await new Promise(resolve => window.MathJax ? MathJax.Hub.Queue(() => resolve(true)) : resolve(false));
          const images = [];
          for (const img of Array.from(document.images)) {
            let decoded = true;
            try { await img.decode(); } catch (e) { decoded = false; }
            images.push({ src: img.src.slice(0, 40), decoded, width: img.naturalWidth, height: img.naturalHeight });
          }
          const cells = Array.from(document.querySelectorAll('.jp-Cell')).map(cell => ({
            kind: cell.classList.contains('jp-CodeCell') ? 'code' : 'markdown',
            input: (cell.querySelector('.jp-InputArea-editor') || { innerText: '' }).innerText,
            text: cell.classList.contains('jp-MarkdownCell') ? cell.innerText : '',
            output: Array.from(cell.querySelectorAll('.jp-OutputArea-output')).map(o => o.innerText).join('\n'),
          }));
          return {
            typeset,
            mathElements: document.querySelectorAll('.MathJax_CHTML, mjx-container').length,
            images,
            links: Array.from(document.querySelectorAll('a[href]')).map(a => ({ href: a.href, rel: a.rel, text: a.innerText })),
            ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
            cells,
          };
        }
        """;

    /// <summary>Opens <paramref name="page"/>, waits for it and MathJax, and returns what it showed.</summary>
    /// <param name="page">A page's file name in the site, e.g. <c>index.html</c>.</param>
    /// <param name="screenshot">A PNG file to write the whole page to, or null.</param>
    public async Task<PageVisit> VisitAsync(string page, string? screenshot = null)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        try
        {
            var errors = new List<string>();
            await context.RouteAsync("**/*", async route =>
            {
                var url = new Uri(route.Request.Url);
                var file = Path.GetFullPath(Path.Combine(_site, Uri.UnescapeDataString(url.AbsolutePath).TrimStart('/')));
                if (url.GetLeftPart(UriPartial.Authority) + "/" != Origin)
                {
                    lock (errors)
                    {
                        errors.Add($"request outside the site: {route.Request.Url}");
                    }

                    await route.AbortAsync();
                }
                else if (file.StartsWith(_site, StringComparison.Ordinal) && File.Exists(file))
                {
                    await route.FulfillAsync(new RouteFulfillOptions { Path = file });
                }
                else
                {
                    await route.FulfillAsync(new RouteFulfillOptions { Status = 404, Body = "not in the site" });
                }
            });
            var tab = await context.NewPageAsync();
            tab.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    lock (errors)
                    {
                        errors.Add($"console: {message.Text}");
                    }
                }
            };
            tab.PageError += (_, error) =>
            {
                lock (errors)
                {
                    errors.Add($"page error: {error}");
                }
            };
            tab.RequestFailed += (_, request) =>
            {
                lock (errors)
                {
                    errors.Add($"request failed: {request.Url} ({request.Failure})");
                }
            };
            tab.Response += (_, response) =>
            {
                if (response.Status >= 400)
                {
                    lock (errors)
                    {
                        errors.Add($"HTTP {response.Status}: {response.Url}");
                    }
                }
            };

            // Generous limits: the machine is shared and loaded; nothing here measures speed.
            tab.SetDefaultTimeout(300_000);
            await tab.GotoAsync(Origin + page, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle, Timeout = 300_000 });
            var facts = await tab.EvaluateAsync<System.Text.Json.JsonElement>(Inspect);
            if (screenshot is not null)
            {
                await tab.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = false });
            }

            lock (errors)
            {
                return new PageVisit(page, [.. errors], facts);
            }
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
