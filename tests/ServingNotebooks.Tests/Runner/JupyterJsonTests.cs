using ServingNotebooks.Grading;
using ServingNotebooks.Runner;
using ServingNotebooks.Setup;

namespace ServingNotebooks.Tests.Runner;

/// <summary>
/// <see cref="JupyterJson"/> against Python: numbers as <c>repr(float)</c> prints them and lines as <c>str.splitlines(True)</c>
/// splits them (values written out by hand from Python 3.11), and every released workbook notebook against nbformat's own
/// writer (Debian's nbformat 5.5, the one Jupyter saves with), run on the same text.
/// </summary>
public sealed class JupyterJsonTests
{
    [Theory]
    [InlineData("2", "2")]
    [InlineData("-7", "-7")]
    [InlineData("1.0", "1.0")]
    [InlineData("0.1", "0.1")]
    [InlineData("1.5e2", "150.0")]
    [InlineData("1e-05", "1e-05")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("2.5E-7", "2.5e-07")]
    [InlineData("1e16", "1e+16")]
    [InlineData("123456789012345.0", "123456789012345.0")]
    [InlineData("1234567890123456.0", "1234567890123456.0")]
    [InlineData("12345678901234567.0", "1.2345678901234568e+16")]
    [InlineData("-0.0", "-0.0")]
    [InlineData("0.30000000000000004", "0.30000000000000004")]
    public void Numbers_are_written_as_Python_prints_them(string json, string python) =>
        Assert.Equal(python, JupyterJson.PythonNumber(json));

    [Fact]
    public void Lines_split_where_Python_splits_them_and_keep_their_endings()
    {
        // Python: "a\r\nb\rc\nd\x0ce\u2028f".splitlines(True) == ['a\r\n', 'b\r', 'c\n', 'd\x0c', 'e\u2028', 'f']
        Assert.Equal(["a\r\n", "b\r", "c\n", "d\f", "e\u2028", "f"], JupyterJson.SplitLines("a\r\nb\rc\nd\fe\u2028f"));
        Assert.Empty(JupyterJson.SplitLines(string.Empty));
        Assert.Equal(["x\n"], JupyterJson.SplitLines("x\n"));
    }

    [Fact]
    public void A_small_notebook_is_laid_out_as_nbformat_writes_it()
    {
        const string Input = """{"nbformat_minor":5,"nbformat":4,"metadata":{"z":1,"a":{"trusted":true},"signature":"x"},"cells":[{"source":"x = 1\ny","metadata":{"trusted":false,"b":[]},"id":"c1","cell_type":"code","execution_count":null,"outputs":[{"output_type":"stream","name":"stdout","text":["é\u0001\n","done"]}]}]}""";

        // json.dumps(nb, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False) after split_lines and strip_transient.
        const string Expected = """
            {
             "cells": [
              {
               "cell_type": "code",
               "execution_count": null,
               "id": "c1",
               "metadata": {
                "b": []
               },
               "outputs": [
                {
                 "name": "stdout",
                 "output_type": "stream",
                 "text": [
                  "é\u0001\n",
                  "done"
                 ]
                }
               ],
               "source": [
                "x = 1\n",
                "y"
               ]
              }
             ],
             "metadata": {
              "a": {
               "trusted": true
              },
              "z": 1
             },
             "nbformat": 4,
             "nbformat_minor": 5
            }

            """;
        Assert.Equal(Expected, JupyterJson.Format(Input));
    }

    [Fact]
    public async Task Every_released_workbook_notebook_is_what_nbformat_writes_for_it()
    {
        var folder = Fixture.TempFolder();
        try
        {
            Release.Run(Workbook.Workbook.NotebooksFolder, folder);
            var files = Directory.GetFiles(folder, "*.ipynb");
            Assert.NotEmpty(files);
            const string Rewrite = """
                import sys, nbformat
                for path in sys.argv[1:]:
                    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
                    nbformat.write(nb, path + ".nbformat", version=nbformat.NO_CONVERT)
                """;
            var outcome = await Processes.RunAsync("/usr/bin/python3", ["-c", Rewrite, .. files], folder, new Dictionary<string, string?>(), TimeSpan.FromMinutes(5));
            Assert.True(outcome.Succeeded, outcome.Output);
            foreach (var file in files)
            {
                Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(file + ".nbformat")), $"{Path.GetFileName(file)} differs from what nbformat writes for it");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
