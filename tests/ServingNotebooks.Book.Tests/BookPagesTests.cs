using ServingNotebooks.Exercises;
using ServingNotebooks.Grading;

namespace ServingNotebooks.Book.Tests;

/// <summary>
/// The solved copy of the book, built once by <c>servingbook book</c> and opened page by page in headless Chromium:
/// every lesson is there in order, pages load with no error and no request outside the site, figures decode, links
/// resolve, formulas are typeset, and every part's check shows ✔.
/// </summary>
[Trait("Tier", "EndToEnd")]
public sealed class BookPagesTests(SolvedBook book) : IClassFixture<SolvedBook>
{
    [Fact]
    public void The_build_succeeds_with_a_page_per_lesson_an_index_and_a_run_page()
    {
        Assert.True(book.ExitCode == 0, book.Output);
        string[] expected = ["index.html", .. RenderedBook.Lessons.Select(l => Path.ChangeExtension(l, ".html")), "run-it-yourself.html"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), book.Pages.Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(book.Site, "mathjax", "MathJax.js")), "MathJax is bundled in the site");
    }

    [Fact]
    public void Every_page_loads_with_no_console_error_and_nothing_from_outside_the_site()
    {
        Assert.Equal(RenderedBook.Lessons.Count + 2, book.Visits.Count);   // the index, every lesson, and "run it yourself"
        var errors = book.Visits.Values.SelectMany(v => v.Errors.Select(e => $"{v.Page}: {e}")).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Every_image_decodes_with_a_nonzero_size_and_every_lesson_has_its_figures()
    {
        foreach (var visit in book.Visits.Values)
        {
            foreach (var image in visit.Facts.GetProperty("images").EnumerateArray())
            {
                Assert.True(image.GetProperty("decoded").GetBoolean(), $"{visit.Page}: image {image.GetProperty("src")} does not decode");
                Assert.True(image.GetProperty("width").GetInt32() > 0 && image.GetProperty("height").GetInt32() > 0, $"{visit.Page}: image {image.GetProperty("src")} has no size");
            }
        }

        // Every lesson draws at least one figure (notebooks/README.md: "draws one or more figures").
        foreach (var lesson in RenderedBook.Lessons)
        {
            var page = Path.ChangeExtension(lesson, ".html");
            Assert.True(book.Visits[page].Facts.GetProperty("images").GetArrayLength() >= 1, $"{page} shows no figure");
        }
    }

    [Fact]
    public void Every_internal_link_resolves_to_a_page_and_anchor_of_the_site()
    {
        var checkedLinks = 0;
        foreach (var visit in book.Visits.Values)
        {
            foreach (var link in visit.Facts.GetProperty("links").EnumerateArray())
            {
                var href = new Uri(link.GetProperty("href").GetString()!);
                if (href.GetLeftPart(UriPartial.Authority) + "/" != Browser.Origin)
                {
                    continue;
                }

                var target = Uri.UnescapeDataString(href.AbsolutePath).TrimStart('/');
                target = target.Length == 0 ? "index.html" : target;
                Assert.True(book.Visits.ContainsKey(target), $"{visit.Page}: the link {href} names no page of the site");
                if (href.Fragment.Length > 1)
                {
                    // As a browser looks for the element (HTML, "find a potential indicated element"): the fragment as
                    // written, then percent-decoded (nbconvert keeps "C%23" in the id of a heading that says "C#").
                    var written = href.Fragment[1..];
                    var decoded = Uri.UnescapeDataString(written);
                    Assert.True(
                        book.Visits[target].Facts.GetProperty("ids").EnumerateArray().Any(id => id.GetString() == written || id.GetString() == decoded),
                        $"{visit.Page}: the link {href} names no element #{decoded} in {target}");
                }

                checkedLinks++;
            }
        }

        // At least the index's link to each lesson and each lesson's bars (contents and run page, top and bottom).
        Assert.True(checkedLinks >= RenderedBook.Lessons.Count * 5, $"only {checkedLinks} internal links found");
    }

    [Fact]
    public void Previous_and_next_links_walk_the_lessons_in_order_from_the_index()
    {
        var expected = RenderedBook.Lessons.Select(l => Path.ChangeExtension(l, ".html")).ToList();
        var first = Links(book.Visits["index.html"]).First(l => expected.Contains(l.Page)).Page;
        var walked = new List<string> { first };
        while (Links(book.Visits[walked[^1]]).Where(l => l.Rel == "next").Select(l => l.Page).FirstOrDefault() is { } next)
        {
            Assert.True(walked.Count <= expected.Count, "the next links go round in a circle");
            walked.Add(next);
        }

        Assert.Equal(expected, walked);

        // And back: each lesson's previous link names the lesson before it (the first has none).
        for (var i = 0; i < expected.Count; i++)
        {
            var previous = Links(book.Visits[expected[i]]).Where(l => l.Rel == "prev").Select(l => l.Page).Distinct().ToList();
            Assert.Equal(i == 0 ? [] : new List<string> { expected[i - 1] }, previous);
        }
    }

    [Fact]
    public void Every_lesson_page_links_its_source_and_open_in_codespaces()
    {
        foreach (var lesson in RenderedBook.Lessons)
        {
            var hrefs = book.Visits[Path.ChangeExtension(lesson, ".html")].Facts.GetProperty("links").EnumerateArray()
                .Select(l => l.GetProperty("href").GetString()!).ToList();
            Assert.Contains($"https://github.com/{RenderedBook.Repository}/blob/main/notebooks/{lesson}", hrefs);
            Assert.Contains(
                $"https://codespaces.new/{RenderedBook.Repository}?quickstart=1&devcontainer_path=.devcontainer%2Fdevcontainer.json",
                hrefs);
        }
    }

    [Fact]
    public void Math_is_typeset_and_no_raw_tex_is_left_in_the_prose()
    {
        foreach (var visit in book.Visits.Values)
        {
            Assert.True(visit.Facts.GetProperty("typeset").GetBoolean(), $"{visit.Page}: MathJax did not load");
            foreach (var cell in visit.Facts.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "markdown"))
            {
                var text = cell.GetProperty("text").GetString()!;
                Assert.False(text.Contains("$$", StringComparison.Ordinal), $"{visit.Page}: raw $$ left in: {text[..Math.Min(200, text.Length)]}");
                Assert.False(text.Contains("\\frac", StringComparison.Ordinal), $"{visit.Page}: raw \\frac left in: {text[..Math.Min(200, text.Length)]}");
            }
        }

        // Every lesson has formulas in its prose ($…$ or $$…$$ in the source), so every lesson page has typeset math.
        foreach (var lesson in RenderedBook.Lessons)
        {
            Assert.Matches(@"\$[^$\s][^$\n]*\$", File.ReadAllText(Path.Combine(RenderedBook.NotebooksFolder, lesson)));
            var page = Path.ChangeExtension(lesson, ".html");
            Assert.True(book.Visits[page].Facts.GetProperty("mathElements").GetInt32() > 0, $"{page} has no typeset formula");
        }
    }

    [Fact]
    public void The_solved_copy_shows_a_tick_for_every_part_of_every_exercise()
    {
        foreach (var lesson in RenderedBook.Lessons)
        {
            var exercise = GradingSpec.ForNotebook(lesson);
            Assert.NotNull(exercise);
            var page = Path.ChangeExtension(lesson, ".html");
            var checks = CheckCells(book.Visits[page]);

            // One check per part of the grading spec (an independent list of the parts), each answered ✔.
            Assert.Equal(exercise.Parts.Count(p => p.Kind != AnswerKind.Choice), checks.Count);
            foreach (var (input, output) in checks)
            {
                Assert.True(output.TrimStart().StartsWith('✔'), $"{page}: the check {input[..Math.Min(40, input.Length)]} shows '{output}'");
            }

            // Each concept question: its last Answer cell (the solution's letter) shows ✔.
            foreach (var question in exercise.Parts.Where(p => p.Kind == AnswerKind.Choice))
            {
                var call = $"Answer({exercise.Number}, \"{question.Name}\"";
                var answers = AnswerCells(book.Visits[page], call);
                Assert.True(answers.Count > 0, $"{page}: no cell calls {call}");
                Assert.True(answers[^1].TrimStart().StartsWith('✔'), $"{page}: {question.Name} shows '{answers[^1]}'");
            }
        }
    }

    [Fact]
    public void The_two_photographed_pages_are_nonempty_pngs()
    {
        foreach (var page in RenderedBook.Photographed)
        {
            var file = Path.Combine(book.ScreenshotFolder, Path.ChangeExtension(page, ".png"));
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.Length > 10_000, $"{file}: {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
    }

    /// <summary>
    /// The check cells, with their output text: the code cell after each markdown cell headed "Check …" (every part has
    /// a <c>### Check (x)</c> heading, then one code cell; notebooks/README.md, "Writing a part").
    /// </summary>
    internal static List<(string Input, string Output)> CheckCells(PageVisit visit)
    {
        var cells = visit.Facts.GetProperty("cells").EnumerateArray().ToList();
        var checks = new List<(string Input, string Output)>();
        for (var i = 0; i + 1 < cells.Count; i++)
        {
            if (cells[i].GetProperty("kind").GetString() == "markdown"
                && cells[i].GetProperty("text").GetString()!.TrimStart().StartsWith("Check", StringComparison.Ordinal)
                && cells[i + 1].GetProperty("kind").GetString() == "code")
            {
                checks.Add((cells[i + 1].GetProperty("input").GetString()!, cells[i + 1].GetProperty("output").GetString()!));
            }
        }

        return checks;
    }

    /// <summary>The outputs of the code cells whose input calls <paramref name="call"/>, in page order.</summary>
    private static List<string> AnswerCells(PageVisit visit, string call) =>
        [.. visit.Facts.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("kind").GetString() == "code" && c.GetProperty("input").GetString()!.Contains(call, StringComparison.Ordinal))
            .Select(c => c.GetProperty("output").GetString()!)];

    private static IEnumerable<(string Page, string Rel)> Links(PageVisit visit) =>
        visit.Facts.GetProperty("links").EnumerateArray()
            .Select(l => (Href: new Uri(l.GetProperty("href").GetString()!), Rel: l.GetProperty("rel").GetString() ?? ""))
            .Where(l => l.Href.GetLeftPart(UriPartial.Authority) + "/" == Browser.Origin)
            .Select(l => (l.Href.AbsolutePath.TrimStart('/'), l.Rel));
}
