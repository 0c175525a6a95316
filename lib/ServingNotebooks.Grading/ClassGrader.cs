using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Grading;

/// <summary>Settings for <see cref="ClassGrader"/>.</summary>
public sealed record GradingOptions
{
    /// <summary>Where the gradebook, the feedback files and the grader's work folder (<c>.grading/</c>) go.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>
    /// The instructor's notebooks folder: its <c>setup.dib</c> and <c>data/</c> are put beside every submitted notebook (a
    /// submission's own copies are not used), and the helper libraries are taken from <c>../lib/bin</c> next to it,
    /// where <c>setup.dib</c> references it.
    /// </summary>
    public required string SourceDirectory { get; init; }

    /// <summary>The exercises to grade (the gradebook's columns). Default: the ten of <see cref="GradingSpec"/>.</summary>
    public IReadOnlyList<Exercise> Exercises { get; init; } = GradingSpec.Exercises;

    /// <summary>How long one cell may run. Default: 30 s.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one notebook may take, kernel start included. Default: 120 s.</summary>
    public TimeSpan NotebookTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How many submissions are graded at once (one worker process each). Default: the number of cores.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Grade every notebook again instead of reusing the results of a previous run.</summary>
    public bool Redo { get; init; }

    /// <summary>How to start a worker process. Default: <see cref="WorkerCommand.Locate"/>.</summary>
    public WorkerCommand? Worker { get; init; }

    /// <summary>Each worker's GC heap limit, so a notebook that fills memory fails alone. Default: 4 GiB.</summary>
    public long? MemoryLimitBytes { get; init; } = 4L << 30;

    /// <summary>Notebook files larger than this are not run. Default: 20 MB.</summary>
    public long MaxNotebookBytes { get; init; } = 20_000_000;
}

/// <summary>Progress of a grading run, reported once per graded notebook and once per finished submission.</summary>
/// <param name="Student">The student.</param>
/// <param name="Notebook">The notebook just graded, or null when the submission finished.</param>
/// <param name="Outcome">How the notebook's run went, or null when the submission finished.</param>
/// <param name="Grade">The student's grades, when the submission finished.</param>
public sealed record GradingProgress(string Student, string? Notebook, NotebookOutcome? Outcome, StudentGrade? Grade);

/// <summary>What a grading run did.</summary>
/// <param name="Students">Every student's grades, by name.</param>
/// <param name="Problems">One line per path or file that could not be graded at all, for the instructor.</param>
/// <param name="NotebooksRun">Notebooks executed in this run.</param>
/// <param name="NotebooksReused">Notebooks whose results were reused from a previous run (unchanged file, same grader).</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
public sealed record ClassGradeResult(IReadOnlyList<StudentGrade> Students, IReadOnlyList<string> Problems, int NotebooksRun, int NotebooksReused, TimeSpan Elapsed);

/// <summary>
/// Grades a class: finds the submissions, runs each submission's notebooks in its own worker process (a fresh kernel per
/// notebook, the instructor's <c>setup.dib</c> and data beside it), reads the answers from the kernels, scores them against
/// the library's answers, and writes the gradebook atomically. Submissions run in parallel; a notebook that hangs, exits
/// or crashes its worker is graded as such and a new worker carries on with the submission's other notebooks.
/// </summary>
/// <remarks>
/// Results are cached under <c>&lt;output&gt;/.grading/cache</c>, keyed by the notebook's bytes, its exercise and the grader's
/// version, so a run that was interrupted resumes where it stopped (<see cref="GradingOptions.Redo"/> ignores the cache).
/// Only notebooks that ran are reused: a timeout can depend on the machine's load, and a crash is worth a second look.
/// </remarks>
public static class ClassGrader
{
    /// <summary>Changes whenever a change to the grader can change an observation; part of every cache key.</summary>
    public const string GraderVersion = "servingbook-grader/2";

    /// <summary>The work folder's name under the output folder.</summary>
    public const string WorkFolderName = ".grading";

    /// <summary>Grades the submissions at <paramref name="submissionsPath"/> and writes the gradebook.</summary>
    /// <param name="submissionsPath">A class folder, a submission folder or a single notebook.</param>
    /// <param name="options">Where to write, where the instructor's notebooks are, limits.</param>
    /// <param name="onProgress">Called (from several threads) as notebooks and submissions finish.</param>
    /// <param name="cancellationToken">Kills the workers and stops; the previous gradebook is left as it was.</param>
    /// <exception cref="GraderException">The grader cannot run (no setup.dib, library not built, worker missing).</exception>
    public static async Task<ClassGradeResult> GradeAsync(
        string submissionsPath,
        GradingOptions options,
        Action<GradingProgress>? onProgress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submissionsPath);
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        var (submissions, problems) = SubmissionFinder.Find(submissionsPath, options.Exercises);
        var allProblems = new List<string>(problems);
        if (submissions.Count == 0)
        {
            return new ClassGradeResult([], allProblems, 0, 0, stopwatch.Elapsed);
        }

        var output = Path.GetFullPath(options.OutputDirectory);
        var environment = Prepare(options, output);
        options = options with { Exercises = [.. options.Exercises.Select(e => e.Resolve(Path.Combine(environment.SourceDirectory, "data")))] };
        var worker = options.Worker ?? LocateWorker();
        var grades = new ConcurrentDictionary<string, StudentGrade>(StringComparer.Ordinal);
        var counts = new int[2];
        await Parallel.ForEachAsync(
            submissions,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancellationToken },
            async (submission, token) =>
            {
                var (grade, run, reused) = await GradeSubmissionAsync(submission, options, environment, worker, onProgress, token).ConfigureAwait(false);
                grades[submission.Student] = grade;
                Interlocked.Add(ref counts[0], run);
                Interlocked.Add(ref counts[1], reused);
                onProgress?.Invoke(new GradingProgress(submission.Student, null, null, grade));
            }).ConfigureAwait(false);

        var students = grades.Values.OrderBy(s => s.Student, StringComparer.Ordinal).ToList();
        Gradebook.Write(output, students, options.Exercises);
        TryDelete(environment.StageRoot);
        return new ClassGradeResult(students, allProblems, counts[0], counts[1], stopwatch.Elapsed);
    }

    private static WorkerCommand LocateWorker()
    {
        try
        {
            return WorkerCommand.Locate();
        }
        catch (FileNotFoundException e)
        {
            throw new GraderException(e.Message);
        }
    }

    /// <summary>The folders a run works in, and a fingerprint of what the notebooks run against.</summary>
    private sealed record WorkArea(string WorkRoot, string StageRoot, string CacheRoot, string ResultsRoot, string SourceDirectory, string Fingerprint);

    private static WorkArea Prepare(GradingOptions options, string output)
    {
        var source = Path.GetFullPath(options.SourceDirectory);
        var setup = Path.Combine(source, "setup.dib");
        if (!File.Exists(setup))
        {
            throw new GraderException($"{setup} not found: --source must be the instructor's notebooks folder (with setup.dib and data/)");
        }

        var library = Path.GetFullPath(Path.Combine(source, "..", "lib", "bin"));
        if (!Directory.Exists(library))
        {
            throw new GraderException($"the helper library is not built ({library} is missing): run dotnet build in the workbook");
        }

        var work = Path.Combine(output, WorkFolderName);
        var stage = Path.Combine(work, "stage");
        TryDelete(stage);
        var environment = new WorkArea(work, stage, Path.Combine(work, "cache"), Path.Combine(work, "results"), source, "");
        Directory.CreateDirectory(environment.CacheRoot);
        Directory.CreateDirectory(environment.ResultsRoot);

        // setup.dib references ../lib/bin/…: the stage folders sit one level below stage/, so stage/lib is it.
        CopyDirectory(library, Path.Combine(stage, "lib", "bin"));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(GraderVersion));
        hash.AppendData(File.ReadAllBytes(setup));

        // The grader's own code (worker, runner): a rebuilt grader does not reuse results an older one produced.
        foreach (var assembly in new[] { typeof(ClassGrader).Assembly, typeof(NotebookReader).Assembly })
        {
            hash.AppendData(assembly.ManifestModule.ModuleVersionId.ToByteArray());
        }

        foreach (var file in Directory.EnumerateFiles(library, "*.dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(File.ReadAllBytes(file));
        }

        return environment with { Fingerprint = Convert.ToHexString(hash.GetHashAndReset()) };
    }

    private static async Task<(StudentGrade Grade, int Run, int Reused)> GradeSubmissionAsync(
        Submission submission,
        GradingOptions options,
        WorkArea environment,
        WorkerCommand worker,
        Action<GradingProgress>? onProgress,
        CancellationToken cancellationToken)
    {
        var observations = new Dictionary<int, NotebookObservation>();
        var notes = new List<string>(submission.Notes);
        var toRun = new List<(SubmittedNotebook Notebook, string Key)>();
        var reused = 0;
        foreach (var notebook in submission.Notebooks)
        {
            var (observation, key) = Precheck(notebook, options, environment);
            if (observation is not null)
            {
                observations[notebook.Exercise.Number] = observation;
                reused += key is null ? 0 : 1;
                onProgress?.Invoke(new GradingProgress(submission.Student, observation.Notebook, observation.Outcome, null));
            }
            else
            {
                toRun.Add((notebook, key!));
            }
        }

        if (toRun.Count > 0)
        {
            var stage = Path.Combine(environment.StageRoot, StageName(submission.Student));
            Directory.CreateDirectory(stage);
            File.Copy(Path.Combine(environment.SourceDirectory, "setup.dib"), Path.Combine(stage, "setup.dib"), overwrite: true);
            var data = Path.Combine(environment.SourceDirectory, "data");
            if (Directory.Exists(data))
            {
                CopyDirectory(data, Path.Combine(stage, "data"));
            }

            var jobs = toRun.Select(r =>
            {
                var staged = Path.Combine(stage, Path.GetFileName(r.Notebook.Path));
                File.Copy(r.Notebook.Path, staged, overwrite: true);
                var exercise = r.Notebook.Exercise;
                return new WorkerNotebook(staged, exercise.VariablesToRead(), exercise.HiddenCalls());
            }).ToList();

            var resultPath = Path.Combine(environment.ResultsRoot, StageName(submission.Student) + ".jsonl");
            var start = 0;
            var forged = 0;
            while (start < jobs.Count)
            {
                var offset = start;
                void Record(int index, NotebookObservation observation)
                {
                    var (notebook, key) = toRun[offset + index];
                    observations[notebook.Exercise.Number] = observation;
                    if (observation.Outcome == NotebookOutcome.Ran)
                    {
                        WriteCache(environment, key, observation);
                    }

                    onProgress?.Invoke(new GradingProgress(submission.Student, observation.Notebook, observation.Outcome, null));
                }

                var run = await WorkerProcess.RunAsync(
                    worker, jobs.Skip(start).ToList(), options.CellTimeout, options.NotebookTimeout, options.MemoryLimitBytes,
                    resultPath, Record, cancellationToken).ConfigureAwait(false);
                forged += run.ForgedLines;
                if (run.FirstMissing is not int missing)
                {
                    break;
                }

                if (run.Failure is { } failure)
                {
                    Record(missing, failure);
                    start += missing + 1;
                }
                else
                {
                    // The worker stopped after a cell timeout, having reported that notebook: carry on after it.
                    start += Math.Max(1, missing);
                }
            }

            if (forged > 0)
            {
                notes.Add($"{forged} line(s) written into the grader's result file by a notebook were ignored.");
            }

            TryDelete(stage);
            TryDelete(resultPath);
        }

        var grades = options.Exercises.Select(e => Scoring.Grade(e, observations.GetValueOrDefault(e.Number))).ToList();
        var seen = options.Exercises.Where(e => observations.ContainsKey(e.Number)).Select(e => observations[e.Number]).ToList();
        return (new StudentGrade(submission.Student, grades, seen) { Notes = notes }, toRun.Count, reused);
    }

    /// <summary>
    /// What can be decided without running the notebook: a cached result (returned with its key), a file that is too large
    /// or not a notebook (returned with a null key); otherwise no observation and the cache key to store the result under.
    /// </summary>
    private static (NotebookObservation? Observation, string? Key) Precheck(SubmittedNotebook notebook, GradingOptions options, WorkArea environment)
    {
        var name = Path.GetFileName(notebook.Path);
        byte[] bytes;
        try
        {
            var length = new FileInfo(notebook.Path).Length;
            if (length > options.MaxNotebookBytes)
            {
                return (Unreadable(name, $"{name} is {length / 1_000_000} MB; notebooks over {options.MaxNotebookBytes / 1_000_000} MB are not run (clear the outputs and submit again)"), null);
            }

            bytes = File.ReadAllBytes(notebook.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (Unreadable(name, $"{name} cannot be read ({e.Message.ReplaceLineEndings(" ")})"), null);
        }

        try
        {
            NotebookReader.Parse(Encoding.UTF8.GetString(bytes), notebook.Path);
        }
        catch (NotebookFormatException e)
        {
            return (Unreadable(name, $"{name} {e.Reason}"), null);
        }
        catch (Exception e)
        {
            return (Unreadable(name, $"{name} cannot be read as a notebook ({e.GetType().Name})"), null);
        }

        var exercise = notebook.Exercise;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(environment.Fingerprint));
        hash.AppendData(Encoding.UTF8.GetBytes($"|{exercise.Number}|{string.Join(";", exercise.VariablesToRead())}|{string.Join(";", exercise.HiddenCalls())}|{name}|"));
        hash.AppendData(bytes);
        var key = Convert.ToHexString(hash.GetHashAndReset());
        if (!options.Redo && ReadCache(environment, key) is { } cached)
        {
            return (cached, key);
        }

        return (null, key);
    }

    private static NotebookObservation Unreadable(string name, string problem) =>
        new() { Notebook = name, Outcome = NotebookOutcome.Unreadable, Problem = problem };

    private static NotebookObservation? ReadCache(WorkArea environment, string key)
    {
        var file = Path.Combine(environment.CacheRoot, key + ".json");
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize<NotebookObservation>(File.ReadAllText(file), GradeJob.JsonOptions) : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    private static void WriteCache(WorkArea environment, string key, NotebookObservation observation) =>
        Gradebook.WriteAtomically(Path.Combine(environment.CacheRoot, key + ".json"), JsonSerializer.Serialize(observation, GradeJob.JsonOptions));

    /// <summary>A folder name for a student: readable, safe, and distinct for names that differ only in unsafe characters.</summary>
    private static string StageName(string student)
    {
        var safe = Gradebook.SafeFileName(student);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(student)))[..8].ToLowerInvariant();
        return $"{(safe.Length > 40 ? safe[..40] : safe)}-{hash}";
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover in the work folder is harmless; the next run replaces it.
        }
    }
}
