using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Grading;

/// <summary>Settings for <see cref="ClassGrader"/>.</summary>
public sealed record GradingOptions
{
    /// <summary>Where the gradebook, the feedback files and the grader's work folder (<c>.grading/</c>) go.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>
    /// The instructor's notebooks folder: its <c>setup.dib</c> and <c>data/</c> are put beside every submitted notebook (a
    /// submission's own copies are not used), and the helper library is taken from <c>../lib/ServingMath/bin</c> next to it,
    /// where <c>setup.dib</c> references it.
    /// </summary>
    public required string SourceDirectory { get; init; }

    /// <summary>The exercises to grade (the gradebook's columns). Default: every exercise of <see cref="GradingSpec"/>.</summary>
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

    /// <summary>
    /// Each worker's GC heap limit, so a notebook that fills memory fails alone; null for none. Default:
    /// <see cref="DefaultMemoryLimitBytes"/> for the default parallelism.
    /// </summary>
    public long? MemoryLimitBytes { get; init; } = DefaultMemoryLimitBytes(Environment.ProcessorCount);

    /// <summary>
    /// 4 GiB, or less where the machine or container has less: three quarters of the memory this process may use (its
    /// cgroup's limit in a container, such as Gradescope's 768 MB), shared by <paramref name="parallelism"/> workers. A worker
    /// in bubblewrap cannot read the container's limit itself, so without this its garbage collector would not try to stay under it.
    /// </summary>
    /// <param name="parallelism">Workers running at once. Range: ≥ 1.</param>
    public static long DefaultMemoryLimitBytes(int parallelism)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return Math.Min(4L << 30, available / 4 * 3 / parallelism);
    }

    /// <summary>Where workers run: under bubblewrap, or not (<see cref="SandboxMode"/>). Default: <see cref="SandboxMode.Auto"/>.</summary>
    public SandboxMode Sandbox { get; init; } = SandboxMode.Auto;

    /// <summary>Each worker's limits on open files, file size, native memory and scratch space (<see cref="WorkerLimits"/>). Default: <see cref="WorkerLimits.Default"/>.</summary>
    public WorkerLimits Limits { get; init; } = WorkerLimits.Default;

    /// <summary>Notebook files larger than this are not run. Default: 20 MB.</summary>
    public long MaxNotebookBytes { get; init; } = 20_000_000;

    /// <summary>
    /// When the grader runs as root, each sandboxed worker runs as a user of its own (<see cref="WorkerUser"/>): the process
    /// limit then binds, and nothing of root's is writable. Default: true.
    /// </summary>
    public bool UnprivilegedWorkers { get; init; } = true;

    /// <summary>
    /// Also without the sandbox, each worker runs as a user of its own (when the grader is root): student code then cannot
    /// write the results or the gradebook, nor signal the grader. The worker's user must be able to read the workbook, the
    /// output folder's path and the NuGet package folder, or grading stops with the path it cannot read. Default: false
    /// (<c>grade --sandbox none</c> runs the notebooks as you, with a loud warning); <c>gradescope run</c> sets it, for a
    /// container that refuses bubblewrap.
    /// </summary>
    public bool UnprivilegedWithoutSandbox { get; init; }

    /// <summary>Whether workers run as users of their own, given whether they run in the sandbox.</summary>
    /// <param name="sandboxed">Whether workers run under bubblewrap.</param>
    internal bool WorkersUnprivileged(bool sandboxed) => UnprivilegedWorkers && (sandboxed || UnprivilegedWithoutSandbox) && WorkerUser.Available;
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
public sealed record ClassGradeResult(IReadOnlyList<StudentGrade> Students, IReadOnlyList<string> Problems, int NotebooksRun, int NotebooksReused, TimeSpan Elapsed)
{
    /// <summary>Whether the notebooks ran under bubblewrap.</summary>
    public bool Sandboxed { get; init; }

    /// <summary>The warning for the instructor when the notebooks ran without a sandbox (also in gradebook.json), or null.</summary>
    public string? Warning { get; init; }
}

/// <summary>
/// Grades a class: finds the submissions, runs each submission's notebooks in its own worker process (in a bubblewrap
/// sandbox when there is one; a fresh kernel per notebook, the instructor's <c>setup.dib</c> and data beside it), reads the
/// answers from the kernels, scores them against the library's answers, and writes the gradebook atomically. Submissions
/// run in parallel. Whatever happens to one submission's worker (a hang, an exit, a crash, a deleted file) becomes that
/// submission's grade with a reason; the run goes on and the gradebook is always written.
/// </summary>
/// <remarks>
/// The pieces: <see cref="SubmissionFinder"/> (what to grade), <see cref="Staging"/> (what notebooks run against, one
/// private folder per submission, the sandbox), <see cref="WorkerProcess"/> (one worker and its channel),
/// <see cref="ResultCache"/> (results of unchanged notebooks are reused; <see cref="GradingOptions.Redo"/> ignores them)
/// and <see cref="RunMarkers"/> (a submission that ended the grader is not rerun for ever). Only notebooks that ran are
/// cached: a timeout can depend on the machine's load, and a crash is worth a second look.
/// </remarks>
public static class ClassGrader
{
    /// <summary>Changes whenever a change to the grader can change an observation; part of every cache key.</summary>
    /// <remarks>3: cache keys name the student, and results of notebooks with suspicious code are not cached (issue 23).</remarks>
    public const string GraderVersion = "servingbook-grader/3";

    /// <summary>The work folder's name under the output folder.</summary>
    public const string WorkFolderName = ".grading";

    /// <summary>Grades the submissions at <paramref name="submissionsPath"/> and writes the gradebook.</summary>
    /// <param name="submissionsPath">A class folder, a submission folder or a single notebook.</param>
    /// <param name="options">Where to write, where the instructor's notebooks are, limits.</param>
    /// <param name="onProgress">Called (from several threads) as notebooks and submissions finish.</param>
    /// <param name="cancellationToken">Kills the workers and stops; the previous gradebook is left as it was.</param>
    /// <exception cref="GraderException">The grader cannot run (no setup.dib, library not built, worker or bubblewrap missing).</exception>
    public static Task<ClassGradeResult> GradeAsync(
        string submissionsPath,
        GradingOptions options,
        Action<GradingProgress>? onProgress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submissionsPath);
        ArgumentNullException.ThrowIfNull(options);
        var (submissions, problems) = SubmissionFinder.Find(submissionsPath, options.Exercises);
        return GradeAsync(submissions, problems, options, onProgress, cancellationToken);
    }

    /// <summary>Grades submissions already found by <see cref="SubmissionFinder.Find"/> and writes the gradebook.</summary>
    /// <param name="submissions">The submissions to grade.</param>
    /// <param name="problems">The finder's lines about paths that could not be graded; passed on in the result.</param>
    /// <param name="options">Where to write, where the instructor's notebooks are, limits.</param>
    /// <param name="onProgress">Called (from several threads) as notebooks and submissions finish.</param>
    /// <param name="cancellationToken">Kills the workers and stops; the previous gradebook is left as it was.</param>
    /// <exception cref="GraderException">The grader cannot run (no setup.dib, library not built, worker or bubblewrap missing).</exception>
    public static async Task<ClassGradeResult> GradeAsync(
        IReadOnlyList<Submission> submissions,
        IReadOnlyList<string> problems,
        GradingOptions options,
        Action<GradingProgress>? onProgress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        var allProblems = new ConcurrentQueue<string>(problems);
        var (sandboxed, warning) = Sandbox.Resolve(options.Sandbox);
        if (!sandboxed && options.WorkersUnprivileged(sandboxed))
        {
            warning = Sandbox.UnprivilegedWarning;
        }

        if (submissions.Count == 0)
        {
            return new ClassGradeResult([], [.. allProblems], 0, 0, stopwatch.Elapsed) { Sandboxed = sandboxed, Warning = warning };
        }

        var output = Path.GetFullPath(options.OutputDirectory);
        var work = Path.Combine(output, WorkFolderName);
        options.Limits.Validate();
        var staging = Staging.Prepare(options, work, options.Worker ?? LocateWorker(), sandboxed);
        Staging.TryDelete(Path.Combine(work, "stage"));
        var cache = new ResultCache(Path.Combine(work, "cache"), staging.Fingerprint);
        var given = GivenCells(staging.SourceDirectory, options.Exercises);
        var markers = new RunMarkers(Path.Combine(work, "in-progress"));
        options = options with { Exercises = [.. options.Exercises.Select(e => e.Resolve(Path.Combine(staging.SourceDirectory, "data")))] };
        var grades = new ConcurrentDictionary<string, StudentGrade>(StringComparer.Ordinal);
        var counts = new int[2];

        async Task GradeOneAsync(Submission submission, int attempt, CancellationToken token)
        {
            var name = Gradebook.FileNameFor(submission.Student);
            markers.Begin(name, attempt);
            try
            {
                var (grade, run, reused) = await GradeSubmissionAsync(submission, options, staging, cache, given, onProgress, token).ConfigureAwait(false);
                grades[submission.Student] = grade;
                Interlocked.Add(ref counts[0], run);
                Interlocked.Add(ref counts[1], reused);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever went wrong is this submission's alone: it is graded 0 with the reason, and the run goes on.
                var reason = $"the grader could not grade this submission: {e.Message.ReplaceLineEndings(" ")}";
                allProblems.Enqueue($"{submission.Student}: {reason}");
                grades[submission.Student] = Zero(submission, options, reason);
            }
            finally
            {
                markers.End(name);
            }

            onProgress?.Invoke(new GradingProgress(submission.Student, null, null, grades[submission.Student]));
        }

        // Submissions a previous run ended on: given up after two such runs, else graded again alone, before the others.
        var suspects = new List<Submission>();
        var rest = new List<Submission>();
        foreach (var submission in submissions)
        {
            var attempts = options.Redo ? 0 : markers.PreviousAttempts(Gradebook.FileNameFor(submission.Student));
            if (attempts >= 2)
            {
                var reason = $"the grader itself stopped twice while grading this submission (was it ended by a notebook?), so it was not run again; look at it by hand, or grade again with --redo";
                allProblems.Enqueue($"{submission.Student}: {reason}");
                grades[submission.Student] = Zero(submission, options, reason);
                onProgress?.Invoke(new GradingProgress(submission.Student, null, null, grades[submission.Student]));
            }
            else if (attempts == 1)
            {
                suspects.Add(submission);
            }
            else
            {
                rest.Add(submission);
            }
        }

        foreach (var suspect in suspects)
        {
            await GradeOneAsync(suspect, 2, cancellationToken).ConfigureAwait(false);
        }

        await Parallel.ForEachAsync(
            rest,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancellationToken },
            async (submission, token) => await GradeOneAsync(submission, 1, token).ConfigureAwait(false)).ConfigureAwait(false);

        var students = grades.Values.OrderBy(s => s.Student, StringComparer.Ordinal).ToList();
        Gradebook.Write(output, students, options.Exercises, warning);
        Staging.TryDelete(Path.Combine(work, "stage"));
        return new ClassGradeResult(students, [.. allProblems], counts[0], counts[1], stopwatch.Elapsed) { Sandboxed = sandboxed, Warning = warning };
    }

    /// <summary>
    /// By exercise number, the code cells of the released notebook (the instructor's, with the solutions taken out): cells a
    /// student left as they were are not searched for suspicious code. Empty for an exercise whose notebook is not in the
    /// instructor's folder.
    /// </summary>
    private static Dictionary<int, IReadOnlySet<string>> GivenCells(string sourceDirectory, IReadOnlyList<Exercise> exercises)
    {
        var given = new Dictionary<int, IReadOnlySet<string>>();
        foreach (var exercise in exercises)
        {
            try
            {
                var (json, _) = Release.StudentVersion(NotebookReader.Load(Path.Combine(sourceDirectory, exercise.Notebook)));
                given[exercise.Number] = SourceWitness.CellSources(NotebookReader.Parse(json, exercise.Notebook));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotebookFormatException)
            {
                given[exercise.Number] = new HashSet<string>();
            }
        }

        return given;
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

    private static StudentGrade Zero(Submission submission, GradingOptions options, string reason)
    {
        var seen = submission.Notebooks.Select(n => new NotebookObservation { Notebook = Path.GetFileName(n.Path), Outcome = NotebookOutcome.Crashed, Problem = reason }).ToList();
        var byNumber = submission.Notebooks.Zip(seen).ToDictionary(p => p.First.Exercise.Number, p => p.Second);
        var grades = options.Exercises.Select(e => Scoring.Grade(e, byNumber.GetValueOrDefault(e.Number))).ToList();
        return new StudentGrade(submission.Student, grades, seen) { Notes = [.. submission.Notes, reason] };
    }

    /// <summary>The worker's environment: faster start-up for short-lived kernels, no banners, a heap limit.</summary>
    private static Dictionary<string, string> WorkerEnvironment(GradingOptions options)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_TieredPGO"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_DbgEnableMiniDump"] = "0",
        };

        // A notebook that fills memory fails alone instead of pushing the machine into swap.
        if (options.MemoryLimitBytes is long limit)
        {
            environment["DOTNET_GCHeapHardLimit"] = "0x" + limit.ToString("X", CultureInfo.InvariantCulture);
        }

        return environment;
    }

    private static async Task<(StudentGrade Grade, int Run, int Reused)> GradeSubmissionAsync(
        Submission submission,
        GradingOptions options,
        Staging staging,
        ResultCache cache,
        IReadOnlyDictionary<int, IReadOnlySet<string>> given,
        Action<GradingProgress>? onProgress,
        CancellationToken cancellationToken)
    {
        var observations = new Dictionary<int, NotebookObservation>();
        var findings = new Dictionary<int, SourceFindings>();
        var notes = new List<string>(submission.Notes);
        var toRun = new List<(SubmittedNotebook Notebook, string Key)>();
        var reused = 0;
        foreach (var notebook in submission.Notebooks)
        {
            var (observation, key, found) = Precheck(submission.Student, notebook, options, cache, given.GetValueOrDefault(notebook.Exercise.Number) ?? new HashSet<string>());
            if (found is not null)
            {
                findings[notebook.Exercise.Number] = found;
            }

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
            var user = options.WorkersUnprivileged(staging.Sandboxed) ? WorkerUser.Lease() : null;
            var folder = Path.Combine(staging.WorkRoot, "stage", Gradebook.FileNameFor(submission.Student));
            try
            {
                var (_, workerPaths, launch) = staging.Stage(Gradebook.FileNameFor(submission.Student), [.. toRun.Select(r => r.Notebook.Path)], WorkerEnvironment(options), options.Limits, options.MemoryLimitBytes, user);
                var jobs = toRun.Select((r, i) =>
                {
                    var exercise = r.Notebook.Exercise;
                    var calls = exercise.HiddenCalls();
                    return (new WorkerNotebook(workerPaths[i], exercise.VariablesToRead(), calls.Count), calls);
                }).ToList();

                var start = 0;
                var forged = 0;
                var toCache = new List<(string Key, NotebookObservation Observation)>();
                while (start < jobs.Count)
                {
                    var offset = start;
                    void Record(int index, NotebookObservation observation)
                    {
                        var (notebook, key) = toRun[offset + index];
                        observations[notebook.Exercise.Number] = observation;
                        if (observation.Outcome == NotebookOutcome.Ran && findings.GetValueOrDefault(notebook.Exercise.Number)?.IsSuspicious != true)
                        {
                            toCache.Add((key, observation));
                        }

                        onProgress?.Invoke(new GradingProgress(submission.Student, observation.Notebook, observation.Outcome, null));
                    }

                    var run = await WorkerProcess.RunAsync(launch, jobs.Skip(start).ToList(), options.CellTimeout, options.NotebookTimeout, Record, cancellationToken).ConfigureAwait(false);
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
                    notes.Add($"{forged} result line(s) printed by a notebook (without the grader's token) were ignored.");
                }

                notes.AddRange(observations.Values.SelectMany(o => LimitNotes(o, options)));

                // Cached only when nothing in this worker looked like a notebook writing on the channel, and no notebook of it
                // has suspicious code: a notebook that took the channel over may have written any of this worker's results.
                if (forged == 0 && !findings.Values.Any(f => f.IsSuspicious))
                {
                    foreach (var (key, observation) in toCache)
                    {
                        cache.Write(key, observation);
                    }
                }
            }
            finally
            {
                // The worker's user's processes end before its folder goes and its id is used again.
                user?.Release();
                Staging.TryDelete(folder);
            }
        }

        var grades = options.Exercises.Select(e => Scoring.Grade(e, observations.GetValueOrDefault(e.Number), findings.GetValueOrDefault(e.Number))).ToList();
        var seen = options.Exercises.Where(e => observations.ContainsKey(e.Number)).Select(e => observations[e.Number]).ToList();
        return (new StudentGrade(submission.Student, grades, seen) { Notes = notes }, toRun.Count, reused);
    }

    /// <summary>
    /// What can be decided without running the notebook: a cached result (returned with its key), a file that was refused
    /// (a link out of the student's folder), is too large or is not a notebook (returned with a null key); otherwise no
    /// observation and the cache key to store the result under. The notebook's code is read (<see cref="SourceWitness"/>)
    /// whenever it is a notebook; a notebook with suspicious code never reuses a cached result.
    /// </summary>
    private static (NotebookObservation? Observation, string? Key, SourceFindings? Findings) Precheck(
        string student, SubmittedNotebook notebook, GradingOptions options, ResultCache cache, IReadOnlySet<string> given)
    {
        var name = Path.GetFileName(notebook.Path);
        if (notebook.Refusal is { } refusal)
        {
            return (Unreadable(name, refusal), null, null);
        }

        byte[] bytes;
        try
        {
            var length = new FileInfo(notebook.Path).Length;
            if (length > options.MaxNotebookBytes)
            {
                return (Unreadable(name, $"{name} is {length / 1_000_000} MB; notebooks over {options.MaxNotebookBytes / 1_000_000} MB are not run (clear the outputs and submit again)"), null, null);
            }

            bytes = File.ReadAllBytes(notebook.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (Unreadable(name, $"{name} cannot be read ({e.Message.ReplaceLineEndings(" ")})"), null, null);
        }

        NotebookDocument document;
        try
        {
            document = NotebookReader.Parse(Encoding.UTF8.GetString(bytes), notebook.Path);
        }
        catch (NotebookFormatException e)
        {
            return (Unreadable(name, $"{name} {e.Reason}"), null, null);
        }
        catch (Exception e)
        {
            return (Unreadable(name, $"{name} cannot be read as a notebook ({e.GetType().Name})"), null, null);
        }

        var findings = SourceWitness.Read(notebook.Exercise, document, given);
        var key = cache.Key(student, notebook.Exercise, name, bytes);
        if (!options.Redo && !findings.IsSuspicious && cache.Read(key) is { } cached)
        {
            return (cached, key, findings);
        }

        return (null, key, findings);
    }

    /// <summary>For each worker limit an observation shows was hit (a cell's error, or how the worker ended), one line that names it.</summary>
    internal static IEnumerable<string> LimitNotes(NotebookObservation observation, GradingOptions options)
    {
        var text = string.Join(" ", observation.CellErrors.Append(observation.Problem ?? string.Empty));
        var mib = (long bytes) => (bytes >> 20).ToString(CultureInfo.InvariantCulture);
        if (text.Contains("No space left on device", StringComparison.Ordinal))
        {
            yield return $"{observation.Notebook} filled its scratch space: each writable folder (the notebooks' folder, /tmp) holds {mib(options.Limits.ScratchBytes)} MiB.";
        }

        if (text.Contains("File too large", StringComparison.Ordinal) || text.Contains("file-size limit", StringComparison.Ordinal))
        {
            yield return $"{observation.Notebook} wrote a file past the file-size limit ({mib(options.Limits.FileBytes)} MiB per file).";
        }

        if (text.Contains("OutOfMemory", StringComparison.Ordinal) || text.Contains("Insufficient memory", StringComparison.Ordinal))
        {
            var heap = options.MemoryLimitBytes is long limit ? $"{mib(limit)} MiB of heap and " : string.Empty;
            yield return $"{observation.Notebook} ran out of memory: a worker may use {heap}{mib(options.Limits.NativeBytes)} MiB of native memory.";
        }

        // fork/clone's EAGAIN when the worker's user is at RLIMIT_NPROC; the runtime's own word when a thread cannot start.
        if (text.Contains("Resource temporarily unavailable", StringComparison.Ordinal) || text.Contains("Thread failed to start", StringComparison.Ordinal))
        {
            yield return $"{observation.Notebook} started too many processes or threads (limit {options.Limits.Processes} per worker, the runtime's own threads included).";
        }

        if (text.Contains("Too many open files", StringComparison.Ordinal))
        {
            yield return $"{observation.Notebook} opened too many files at once (limit {options.Limits.OpenFiles}).";
        }
    }

    private static NotebookObservation Unreadable(string name, string problem) =>
        new() { Notebook = name, Outcome = NotebookOutcome.Unreadable, Problem = problem };
}
