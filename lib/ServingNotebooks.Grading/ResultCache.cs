using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ServingNotebooks.Grading;

/// <summary>
/// Results of notebooks that ran, under <c>&lt;output&gt;/.grading/cache</c>, keyed by the student, the notebook's bytes, its
/// exercise and everything it ran against (<see cref="Staging.Fingerprint"/>), so an interrupted run resumes where it
/// stopped. Only the grader writes here, and only what a worker reported over its channel; with the sandbox no notebook can
/// see the folder.
/// </summary>
/// <remarks>
/// Why the student is in the key: a worker's result lines are only as trustworthy as the notebooks that ran in it (they share
/// its process, and a notebook that finds the channel's token can write any result). Keyed by content alone, a student who
/// handed in a byte-for-byte copy of a classmate's notebook and rewrote their own run's result set the classmate's grade
/// (issue 23). Keyed by student, an entry can only ever be its own student's; and the grader does not cache a worker's
/// results at all when a line without the token was seen or a notebook's code is suspicious (<see cref="SourceWitness"/>).
/// </remarks>
internal sealed class ResultCache(string folder, string fingerprint)
{
    /// <summary>The cache key of one student's notebook graded as an exercise.</summary>
    /// <param name="student">The student the notebook was handed in by (an entry is only ever read for the same student).</param>
    /// <param name="exercise">The exercise.</param>
    /// <param name="fileName">The notebook's file name.</param>
    /// <param name="bytes">The notebook's bytes.</param>
    public string Key(string student, Exercise exercise, string fileName, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(student);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(fingerprint));

        // Length-prefixed, so no student name can be made to read as another's followed by more of the key.
        hash.AppendData(Encoding.UTF8.GetBytes($"|{Encoding.UTF8.GetByteCount(student)}:{student}"));
        hash.AppendData(Encoding.UTF8.GetBytes($"|{exercise.Number}|{string.Join(";", exercise.VariablesToRead())}|{string.Join(";", exercise.HiddenCalls())}|{fileName}|"));
        hash.AppendData(bytes);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>The stored result, or null (none, or unreadable).</summary>
    /// <param name="key">The key.</param>
    public NotebookObservation? Read(string key)
    {
        var file = Path.Combine(folder, key + ".json");
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize<NotebookObservation>(File.ReadAllText(file), GradeJob.JsonOptions) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stores a result (atomically).</summary>
    /// <param name="key">The key.</param>
    /// <param name="observation">What the worker reported.</param>
    public void Write(string key, NotebookObservation observation)
    {
        Directory.CreateDirectory(folder);
        Gradebook.WriteAtomically(Path.Combine(folder, key + ".json"), JsonSerializer.Serialize(observation, GradeJob.JsonOptions));
    }
}

/// <summary>
/// "In progress" markers under <c>&lt;output&gt;/.grading/in-progress</c>: one file per submission being graded, removed
/// when it is done. A marker left by a previous run means that run ended while the submission was graded — perhaps
/// because the submission ended the grader. Such a submission is graded again alone (one at a time, before the others);
/// if the grader ends again, the next run grades it 0 and says why instead of rerunning it for ever.
/// </summary>
internal sealed class RunMarkers(string folder)
{
    /// <summary>How many earlier runs ended while this submission was being graded (0: none).</summary>
    /// <param name="name">The submission's file name.</param>
    public int PreviousAttempts(string name)
    {
        var file = Path.Combine(folder, name);
        try
        {
            return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var n) ? Math.Max(1, n) : File.Exists(file) ? 1 : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 1;
        }
    }

    /// <summary>Marks the submission as being graded (the attempt number is kept for the next run).</summary>
    /// <param name="name">The submission's file name.</param>
    /// <param name="attempt">1 for a first attempt, 2 after one run ended during it.</param>
    public void Begin(string name, int attempt)
    {
        Directory.CreateDirectory(folder);
        Gradebook.WriteAtomically(Path.Combine(folder, name), attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The submission is graded (or given up on): its marker goes.</summary>
    /// <param name="name">The submission's file name.</param>
    public void End(string name) => Staging.TryDelete(Path.Combine(folder, name));
}
