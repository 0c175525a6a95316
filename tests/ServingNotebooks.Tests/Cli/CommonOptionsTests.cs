using System.CommandLine;
using ServingBook;
using ServingNotebooks.Tests.Runner;

namespace ServingNotebooks.Tests.Cli;

/// <summary>The options that <c>run</c>, <c>grade</c> and <c>release</c> share: one spelling, one check, one message.</summary>
public sealed class CommonOptionsTests
{
    private static readonly Spectre.Console.IAnsiConsole Quiet = PlainConsole.Create().Console;

    [Theory]
    [InlineData("run")]
    [InlineData("grade")]
    public void Commands_that_share_an_option_share_its_names_and_its_default(string command)
    {
        var built = ServingBook.Cli.Build(Quiet).Subcommands.Single(c => c.Name == command);

        var parallel = built.Options.Single(o => o.Name == "--parallel");
        Assert.Equal(["-j", "-p"], parallel.Aliases.Order(StringComparer.Ordinal));
        var timeout = built.Options.Single(o => o.Name == "--timeout");
        Assert.Equal(["-t"], timeout.Aliases);
        var output = built.Options.Single(o => o.Name == "--output");
        Assert.Equal(["-o"], output.Aliases);
    }

    [Theory]
    [InlineData("2.5", 2.5)]
    [InlineData("1e-3", 0.001)]
    [InlineData("600", 600.0)]
    public void Seconds_are_read_in_the_invariant_culture(string text, double seconds)
    {
        var option = CommonOptions.Seconds("--timeout", "t", 30, "-t");
        var parse = new RootCommand { option }.Parse(["-t", text]);

        Assert.Empty(parse.Errors);
        Assert.Equal(seconds, parse.GetValue(option));
    }

    [Fact]
    public void Seconds_default_when_the_option_is_absent()
    {
        var option = CommonOptions.Seconds("--timeout", "t", 30, "-t");
        Assert.Equal(30.0, new RootCommand { option }.Parse([]).GetValue(option));
    }

    [Theory]
    [InlineData("run", "--timeout", "-1", "--timeout must be a positive number of seconds, not -1.")]
    [InlineData("run", "--timeout", "0", "--timeout must be a positive number of seconds, not 0.")]
    [InlineData("run", "--timeout", "soon", "--timeout: 'soon' is not a number of seconds.")]
    [InlineData("run", "--timeout", "1e300", "--timeout must be a positive number of seconds, not 1e300.")]
    [InlineData("run", "--parallel", "0", "--parallel must be a whole number from 1 to 64, not '0'.")]
    [InlineData("run", "-p", "65", "--parallel must be a whole number from 1 to 64, not '65'.")]
    [InlineData("grade", "-j", "two", "--parallel must be a whole number from 1 to 64, not 'two'.")]
    [InlineData("grade", "--notebook-timeout", "NaN", "--notebook-timeout must be a positive number of seconds, not NaN.")]
    [InlineData("grade", "--exercises", "0-3", "--exercises: '0-3' is not a list of exercise numbers (e.g. 1-5 or 1,2,7; the exercises are {exercises}).")]
    [InlineData("grade", "-e", "5-2", "--exercises: '5-2' is not a list of exercise numbers (e.g. 1-5 or 1,2,7; the exercises are {exercises}).")]
    [InlineData("grade", "--source", "no-such-folder", "--source: there is no folder 'no-such-folder'.")]
    [InlineData("release", "--source", "no-such-folder", "--source: there is no folder 'no-such-folder'.")]
    public async Task A_bad_value_is_one_error_line_naming_the_option_and_the_value(string command, string option, string value, string message)
    {
        var (console, text) = PlainConsole.Create();
        string[] args = command switch
        {
            "grade" => ["grade", "class", option, value],
            "release" => ["release", "-o", "student", option, value],
            _ => [command, option, value],
        };

        var exit = await ServingBook.Cli.InvokeAsync(args, console);

        Assert.Equal(ServingBook.Cli.UsageError, exit);
        var errors = text.ToString().ReplaceLineEndings("\n").Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        var numbers = string.Join(", ", ServingNotebooks.Grading.GradingSpec.Exercises.Select(e => e.Number));
        Assert.Equal("error: " + message.Replace("{exercises}", numbers, StringComparison.Ordinal), Assert.Single(errors));
    }

    [Theory]
    [InlineData("1-3, 7", new[] { 1, 2, 3, 7 })]
    [InlineData("7,1-3,2", new[] { 1, 2, 3, 7 })]
    [InlineData("10", new[] { 10 })]
    [InlineData("4-4", new[] { 4 })]
    public void An_exercise_list_is_parsed_once_into_the_exercises_in_order(string text, int[] numbers)
    {
        var option = CommonOptions.Exercises("e");
        var parse = new RootCommand { option }.Parse(["--exercises", text]);

        Assert.Empty(parse.Errors);
        Assert.Equal(numbers, parse.GetValue(option)!.Select(e => e.Number));
    }

    [Fact]
    public void An_absent_exercise_list_is_null_so_the_command_can_choose_its_default()
    {
        var option = CommonOptions.Exercises("e");
        Assert.Null(new RootCommand { option }.Parse([]).GetValue(option));
    }

    [Fact]
    public void A_given_source_folder_is_used_as_given()
    {
        var folder = Fixture.TempFolder();
        try
        {
            var option = CommonOptions.Source("s");
            var parse = new RootCommand { option }.Parse(["--source", folder]);

            Assert.Empty(parse.Errors);
            Assert.Equal(folder, CommonOptions.SourceFolder(parse, option, Quiet));
        }
        finally
        {
            Directory.Delete(folder);
        }
    }
}
