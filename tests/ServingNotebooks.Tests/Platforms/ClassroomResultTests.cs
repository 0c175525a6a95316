using System.Text;
using System.Text.Json;
using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>The reporter's runner result: version 1, status, max_score, tests whose scores the reporter adds up.</summary>
public sealed class ClassroomResultTests
{
    [Fact]
    public void Partial_credit_is_the_tests_score_and_status_fail()
    {
        var grade = PlatformFiles.Grade("student", (4, 6.67, ["Hidden case MaxRequests(80, 0.5) = 159: not yet."]));
        var result = ClassroomResult.From(grade, GradingSpec.Exercises, TimeSpan.FromMilliseconds(1500));
        var json = JsonDocument.Parse(result.ToJson()).RootElement;
        Assert.Equal(1, json.GetProperty("version").GetInt32());
        Assert.Equal("fail", json.GetProperty("status").GetString());
        Assert.Equal(10, json.GetProperty("max_score").GetDouble());
        var test = json.GetProperty("tests").EnumerateArray().Single();
        Assert.Equal(6.67, test.GetProperty("score").GetDouble());
        Assert.Equal("fail", test.GetProperty("status").GetString());
        Assert.Equal("04-kv-concurrency.ipynb", test.GetProperty("filename").GetString());
        Assert.Equal(0, test.GetProperty("line_no").GetInt32());
        Assert.Equal(1500, test.GetProperty("duration").GetInt64());
        Assert.Equal("- Hidden case MaxRequests(80, 0.5) = 159: not yet.\n", test.GetProperty("message").GetString());
    }

    [Fact]
    public void Full_marks_pass()
    {
        var result = ClassroomResult.From(PlatformFiles.Grade("s", (2, 10, ["✔"])), GradingSpec.Exercises, TimeSpan.Zero);
        Assert.Equal(("pass", 10.0), (result.Status, result.Score));
    }

    [Fact]
    public void The_step_output_is_the_json_in_base64_as_the_reporter_decodes_it()
    {
        var result = ClassroomResult.Error("Exercise 1: Little's law", 10, "No notebook was found");
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(result.ToBase64()));
        Assert.Equal(result.ToJson(), decoded);
        Assert.Equal("error", JsonDocument.Parse(decoded).RootElement.GetProperty("status").GetString());
    }
}
