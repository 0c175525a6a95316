namespace ServingNotebooks.Runner;

/// <summary>
/// A file that cannot be run as a notebook: missing, not JSON, not a Jupyter notebook, or without C# cells.
/// The message is one line, names the file, and is meant to be shown to a learner as it is.
/// </summary>
public sealed class NotebookFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/> with a one-line <paramref name="reason"/>.</summary>
    /// <param name="path">The notebook's path, as the user gave it.</param>
    /// <param name="reason">What is wrong, in one line, without the path.</param>
    /// <param name="innerException">The parser's exception, if any.</param>
    public NotebookFormatException(string path, string reason, Exception? innerException = null)
        : base($"{path}: {reason}", innerException)
    {
        NotebookPath = path;
        Reason = reason;
    }

    /// <summary>The notebook's path, as the user gave it.</summary>
    public string NotebookPath { get; }

    /// <summary>What is wrong with the file, in one line, without the path.</summary>
    public string Reason { get; }
}
