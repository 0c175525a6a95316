using System.Text;
using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

/// <summary>The framing between the grader and its workers: only lines that start with the job's token are results.</summary>
public class WorkerChannelTests
{
    private const string Token = "0123456789ABCDEF0123456789ABCDEF";

    private static readonly NotebookObservation Perfect = new()
    {
        Notebook = "01-littles-law.ipynb",
        Outcome = NotebookOutcome.Ran,
        Values = new Dictionary<string, ObservedValue> { ["L"] = ObservedValue.From(24.0) },
    };

    [Fact]
    public void A_framed_line_round_trips_and_starts_on_a_line_of_its_own()
    {
        var bytes = WorkerChannel.Frame(Token, new WorkerResult(WorkerEvent.Observed, 0, Perfect));
        var text = Encoding.UTF8.GetString(bytes);

        // A notebook's unfinished line ("abc" with no line break) cannot swallow the result: it starts with a line break.
        Assert.StartsWith("\n" + Token + " {", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        var back = WorkerChannel.Unframe(text.Trim('\n'), Token);
        Assert.NotNull(back);
        Assert.Equal(WorkerEvent.Observed, back.Event);
        Assert.Equal(24.0, back.Observation!.Values["L"].Number);
    }

    [Theory]
    [InlineData("{\"Event\":\"Observed\",\"Index\":0,\"Observation\":{\"Notebook\":\"a\",\"Outcome\":\"Ran\"}}")]
    [InlineData("guess {\"Event\":\"Observed\",\"Index\":0,\"Observation\":{\"Notebook\":\"a\",\"Outcome\":\"Ran\"}}")]
    [InlineData("0123456789ABCDEF0123456789ABCDEE {\"Event\":\"Observed\",\"Index\":0,\"Observation\":{\"Notebook\":\"a\",\"Outcome\":\"Ran\"}}")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF{\"Event\":\"Started\",\"Index\":-1}")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF not json")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF {\"Event\":\"Observed\",\"Index\":0}")]
    [InlineData("")]
    public void Lines_without_the_token_or_not_results_are_not_results(string line) =>
        Assert.Null(WorkerChannel.Unframe(line, Token));

    [Fact]
    public void Lines_are_read_one_at_a_time_and_an_endless_line_is_dropped()
    {
        var tooLong = new string('x', WorkerChannel.MaxLineBytes + 10);
        using var input = new MemoryStream(Encoding.UTF8.GetBytes("first\nzweite ü\n" + tooLong + "\nlast"));
        Assert.Equal("first", WorkerChannel.ReadLine(input));
        Assert.Equal(6, input.Position); // nothing after the line was read away from the next reader
        Assert.Equal("zweite ü", WorkerChannel.ReadLine(input));
        Assert.Equal(string.Empty, WorkerChannel.ReadLine(input));
        Assert.Equal("last", WorkerChannel.ReadLine(input));
        Assert.Null(WorkerChannel.ReadLine(input));
    }
}
